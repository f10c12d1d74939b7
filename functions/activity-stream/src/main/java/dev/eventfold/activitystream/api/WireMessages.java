package dev.eventfold.activitystream.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventfold.activitystream.domain.ActivityItem;
import dev.eventfold.activitystream.domain.Cursor;
import dev.eventfold.model.Json;

import java.util.List;

/**
 * The messages of the socket, server to client: {@code item} (a derived event and the cursor after it),
 * {@code live} (the replay is done), {@code resync} (dropped: reload and reconnect) and {@code error} (a problem
 * naming the field, then the socket closes). Items travel batched: a text frame is either one message object or a
 * JSON array of {@code item} messages, in order. Client to server there is one: {@code hello}.
 */
public final class WireMessages {

    public static final String HELLO = "hello";

    private WireMessages() {
    }

    /** One item and the cursor after it (already encoded: the hub encodes it once for every subscriber). */
    public static String item(ActivityItem item, String cursor) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("type", "item");
        node.put("cursor", cursor);
        node.put("eventType", item.type().type());
        node.put("id", item.eventId());
        node.put("subject", item.subject());
        node.put("time", item.time().toString());
        node.set("data", item.data());
        return node.toString();
    }

    /** Item messages, in order, as one text frame: a JSON array. */
    public static String frame(List<String> items) {
        return "[" + String.join(",", items) + "]";
    }

    public static String live(Cursor cursor, int replayed) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("type", "live");
        node.put("cursor", cursor.encode());
        node.put("replayed", replayed);
        return node.toString();
    }

    public static String resync(String reason) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("type", "resync");
        node.put("reason", reason);
        return node.toString();
    }

    /** A problem as {@code application/problem+json} would carry it, with the offending field. */
    public static String error(int status, String title, String field, String detail) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("type", "error");
        node.put("status", status);
        node.put("title", title);
        node.put("detail", detail);
        node.putArray("errors").addObject().put("field", field).put("message", detail);
        return node.toString();
    }
}
