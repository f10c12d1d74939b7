package dev.eventfold.activitystream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventfold.model.Json;
import io.restassured.RestAssured;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static dev.eventfold.localstack.TestKafka.eventually;

/**
 * A real WebSocket client (Vert.x's) of {@code /activity/stream}: mints a token with the API key, says hello,
 * records every message. {@link #pause()} stops reading from the socket (a slow browser).
 */
public final class StreamClient implements AutoCloseable {

    public static final Duration PATIENCE = Duration.ofSeconds(30);

    private static final Vertx VERTX = Vertx.vertx();

    private final WebSocketClient client;
    private final WebSocket socket;
    private final List<JsonNode> messages = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private volatile Short closeStatus;

    private StreamClient(WebSocketClient client, WebSocket socket) {
        this.client = client;
        this.socket = socket;
        socket.textMessageHandler(text -> {
            try {
                // a frame is one message or an array of item messages (the batched live feed)
                JsonNode frame = Json.MAPPER.readTree(text);
                if (frame.isArray()) {
                    frame.forEach(messages::add);
                } else {
                    messages.add(frame);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        socket.closeHandler(v -> {
            closeStatus = socket.closeStatusCode();
            closed = true;
        });
    }

    /** A token for the key, from {@code POST /activity/tokens}. */
    public static String token(String apiKey) {
        return RestAssured.given().header("X-Api-Key", apiKey).post("/activity/tokens")
                .then().statusCode(201).extract().path("token");
    }

    /** Connects and sends the hello with a fresh token for the key (cursor may be null). */
    public static StreamClient connect(String apiKey, String cursor) {
        StreamClient c = open();
        c.hello(token(apiKey), cursor);
        return c;
    }

    /** Connects without saying anything yet. */
    public static StreamClient open() {
        URI base = URI.create(RestAssured.baseURI + ":" + RestAssured.port);
        // a small receive window, so that a paused client backs up to the server quickly
        WebSocketClient client = VERTX.createWebSocketClient(new WebSocketClientOptions().setReceiveBufferSize(4096)
                .setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 20));
        try {
            WebSocket socket = client.connect(base.getPort(), base.getHost(), "/activity/stream")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            return new StreamClient(client, socket);
        } catch (Exception e) {
            throw new AssertionError("could not connect", e);
        }
    }

    public void hello(String token, String cursor) {
        ObjectNode hello = Json.MAPPER.createObjectNode().put("type", "hello").put("token", token);
        if (cursor != null) {
            hello.put("cursor", cursor);
        }
        send(hello.toString());
    }

    public void send(String text) {
        socket.writeTextMessage(text);
    }

    public StreamClient awaitLive() {
        awaitMessage(m -> "live".equals(m.path("type").asText()));
        return this;
    }

    public JsonNode awaitMessage(Predicate<JsonNode> match) {
        eventually("a matching message among " + messages, PATIENCE, Duration.ofMillis(20),
                () -> messages.stream().anyMatch(match));
        return messages.stream().filter(match).findFirst().orElseThrow();
    }

    /** The items received so far (messages of type item). */
    public List<JsonNode> items() {
        return messages.stream().filter(m -> "item".equals(m.path("type").asText())).toList();
    }

    public List<JsonNode> items(Predicate<JsonNode> match) {
        return items().stream().filter(match).toList();
    }

    /** Waits until at least {@code count} items match. */
    public List<JsonNode> awaitItems(Predicate<JsonNode> match, int count) {
        eventually(count + " matching items (have " + items(match).size() + ")", PATIENCE, Duration.ofMillis(20),
                () -> items(match).size() >= count);
        return items(match);
    }

    public List<JsonNode> messages() {
        return List.copyOf(messages);
    }

    public void pause() {
        socket.pause();
    }

    public void resume() {
        socket.resume();
    }

    public boolean isClosed() {
        return closed;
    }

    public Short closeStatus() {
        return closeStatus;
    }

    public void awaitClosed() {
        eventually("the server closed the socket", PATIENCE, Duration.ofMillis(20), () -> closed);
    }

    @Override
    public void close() {
        if (!closed) {
            socket.close();
        }
        client.close();
    }
}
