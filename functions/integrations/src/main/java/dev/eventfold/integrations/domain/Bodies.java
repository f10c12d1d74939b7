package dev.eventfold.integrations.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventfold.model.Json;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** JSON helpers the translators share: exact byte sizes, bodies, and lenient reading of answers. */
public final class Bodies {

    private Bodies() {
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    /** Our field values as JSON properties; non-numbers and non-booleans as text. */
    public static ObjectNode properties(Map<String, Object> values) {
        ObjectNode node = object();
        values.forEach((name, value) -> {
            if (value instanceof Long l) {
                node.put(name, l);
            } else if (value instanceof Integer i) {
                node.put(name, i);
            } else if (value instanceof Double d) {
                node.put(name, d);
            } else if (value instanceof Boolean b) {
                node.put(name, b);
            } else {
                node.put(name, String.valueOf(value));
            }
        });
        return node;
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    public static int size(JsonNode node) {
        return bytes(node).length;
    }

    /** The answer's JSON, or a missing node when it is not JSON (a proxy's HTML error page, an empty 204). */
    public static JsonNode read(String body) {
        if (body == null || body.isBlank()) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        try {
            return Json.MAPPER.readTree(body.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }
}
