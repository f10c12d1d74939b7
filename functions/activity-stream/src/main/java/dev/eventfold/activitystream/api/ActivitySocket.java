package dev.eventfold.activitystream.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventfold.activitystream.ActivityConfig;
import dev.eventfold.activitystream.domain.ActivityToken;
import dev.eventfold.activitystream.domain.Cursor;
import dev.eventfold.activitystream.domain.Replay;
import dev.eventfold.activitystream.store.ActivityStore;
import dev.eventfold.model.Json;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code /activity/stream}: the browser's live feed. The first message must be
 * {@code {"type":"hello","token":"<from POST /activity/tokens>","cursor":"<optional, last item's>"}}: the token
 * names the organization (the API key never travels in the URL); with a cursor the client gets every item it missed
 * from the recent-activity store, without a cursor the newest few, then {@code live} and the live feed.
 */
@WebSocket(path = ActivitySocket.PATH)
public class ActivitySocket {

    public static final String PATH = "/activity/stream";
    /** Policy violation: a bad hello. */
    static final int POLICY = 1008;

    private static final Logger LOG = Logger.getLogger(ActivitySocket.class);

    private final Map<String, Subscriber> subscribers = new ConcurrentHashMap<>();

    @Inject
    ActivityHub hub;
    @Inject
    ActivityStore store;
    @Inject
    ActivityConfig config;
    @Inject
    ActivityToken tokens;
    @Inject
    Clock clock;
    @Inject
    Vertx vertx;

    @OnOpen
    void open(WebSocketConnection connection) {
        vertx.setTimer(config.token().helloTimeout().toMillis(), t -> {
            if (!subscribers.containsKey(connection.id()) && connection.isOpen()) {
                refuse(connection, 401, "Unauthorized", "token", "Send the hello with a token first.");
            }
        });
    }

    @OnTextMessage
    Uni<Void> message(WebSocketConnection connection, String text) {
        if (subscribers.containsKey(connection.id())) {
            return refuse(connection, 400, "Bad Request", "type", "Only one hello per connection.");
        }
        JsonNode hello;
        try {
            hello = Json.MAPPER.readTree(text);
        } catch (Exception e) {
            return refuse(connection, 400, "Bad Request", "", "The message is not JSON.");
        }
        if (hello == null || !hello.isObject() || !WireMessages.HELLO.equals(hello.path("type").asText(null))) {
            return refuse(connection, 400, "Bad Request", "type", "The first message must be of type hello.");
        }
        String org = tokens.verify(hello.path("token").asText(null), clock.instant()).orElse(null);
        if (org == null) {
            return refuse(connection, 401, "Unauthorized", "token", "The token is missing, badly signed or expired.");
        }
        JsonNode cursorField = hello.get("cursor");
        Cursor cursor = null;
        if (cursorField != null && !cursorField.isNull()) {
            if (!cursorField.isTextual()) {
                return refuse(connection, 400, "Bad Request", "cursor", "The cursor must be a string.");
            }
            try {
                cursor = Cursor.decode(cursorField.asText());
            } catch (IllegalArgumentException e) {
                return refuse(connection, 400, "Bad Request", "cursor", "The " + e.getMessage() + ".");
            }
        }
        Subscriber subscriber = new Subscriber(org, connection, config.connection().maxPending(), hub::dropped);
        subscribers.put(connection.id(), subscriber);
        hub.add(subscriber);
        Uni<Void> started = cursor == null ? startFresh(subscriber) : resume(subscriber, cursor);
        return started.onFailure().recoverWithUni(f -> {
            LOG.warn("could not start a subscriber", f);
            subscriber.drop("the recent-activity store is unavailable");
            return Uni.createFrom().voidItem();
        });
    }

    private Uni<Void> startFresh(Subscriber subscriber) {
        return store.newest(subscriber.orgId(), config.connection().initialItems())
                .invoke(snapshot -> subscriber.goLive(snapshot.cursor().before(snapshot.items()), snapshot.items()))
                .replaceWithVoid();
    }

    private Uni<Void> resume(Subscriber subscriber, Cursor cursor) {
        int limit = config.connection().maxReplay();
        return store.after(subscriber.orgId(), cursor, limit).invoke(missed -> {
            if (missed.pruned()) {
                subscriber.drop("items after the cursor are no longer kept");
            } else if (missed.items().size() > limit) {
                subscriber.drop("more than " + limit + " items were missed");
            } else {
                subscriber.goLive(cursor, Replay.order(missed.items()));
            }
        }).replaceWithVoid();
    }

    @OnClose
    void close(WebSocketConnection connection) {
        Subscriber subscriber = subscribers.remove(connection.id());
        if (subscriber != null) {
            hub.remove(subscriber);
        }
    }

    private static Uni<Void> refuse(WebSocketConnection connection, int status, String title, String field,
                                    String detail) {
        return connection.sendText(WireMessages.error(status, title, field, detail))
                .chain(() -> connection.close(new CloseReason(POLICY, title)))
                .onFailure().recoverWithNull();
    }
}
