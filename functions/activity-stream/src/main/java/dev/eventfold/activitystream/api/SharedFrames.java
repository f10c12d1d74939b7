package dev.eventfold.activitystream.api;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Future;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import org.jboss.logging.Logger;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

/**
 * Writes one frame's bytes to many sockets without a copy per socket. websockets-next's {@code sendText} turns
 * every call into a new UTF-8 buffer, which Netty then copies into direct memory for each socket: with 200
 * browsers that is 200 copies of every frame, and a backlog of them filled 512 MiB of direct memory in the
 * benchmark (Full GCs, then stalls). Here a frame is encoded once into a direct buffer and every socket writes a
 * retained duplicate of it. websockets-next keeps its Vert.x socket behind a package-private
 * {@code webSocket()}: when that is not reachable (another Quarkus version), {@link #socketOf} answers null and the
 * caller falls back to {@code sendText}.
 */
final class SharedFrames {

    private static final Logger LOG = Logger.getLogger(SharedFrames.class);
    /** A bigger frame would exceed a default Vert.x client's frame limit; those go through {@code sendText}. */
    static final int MAX_RAW_BYTES = 65_536;
    private static volatile Method webSocket;
    private static volatile boolean unavailable;

    private SharedFrames() {
    }

    /** The frame's text as a direct buffer that the caller releases once every socket has its duplicate. */
    static ByteBuf encode(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return bytes.length > MAX_RAW_BYTES ? null : Unpooled.directBuffer(bytes.length).writeBytes(bytes);
    }

    /** Writes the bytes as one final text frame; completes when Vert.x flushed them to the socket. */
    static Future<Void> write(WebSocketBase socket, ByteBuf bytes) {
        return socket.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, bytes.retainedDuplicate(), true));
    }

    /** The connection's Vert.x socket, or null when websockets-next does not expose it. */
    static WebSocketBase socketOf(WebSocketConnection connection) {
        if (unavailable) {
            return null;
        }
        try {
            Method method = webSocket;
            if (method == null) {
                method = find(connection.getClass());
                method.setAccessible(true);
                webSocket = method;
            }
            return (WebSocketBase) method.invoke(connection);
        } catch (ReflectiveOperationException | RuntimeException e) {
            unavailable = true;
            LOG.warnf("websockets-next does not expose its Vert.x socket (%s): frames are sent with sendText", e);
            return null;
        }
    }

    private static Method find(Class<?> type) throws NoSuchMethodException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                return c.getDeclaredMethod("webSocket");
            } catch (NoSuchMethodException e) {
                // up the hierarchy
            }
        }
        throw new NoSuchMethodException(type.getName() + ".webSocket()");
    }
}
