package dev.eventfold.knative;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON 6902 operations overlays use (add, replace, remove), with RFC 6901 pointers. */
final class JsonPatch {

    private JsonPatch() {
    }

    static void apply(ObjectNode document, ArrayNode operations) {
        for (JsonNode operation : operations) {
            String op = operation.path("op").asText();
            String path = operation.path("path").asText();
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("JSON patch path must start with /: " + path);
            }
            int last = path.lastIndexOf('/');
            JsonNode parent = document.at(path.substring(0, last));
            String key = path.substring(last + 1).replace("~1", "/").replace("~0", "~");
            switch (op) {
                case "add", "replace" -> {
                    JsonNode value = operation.get("value");
                    if (value == null) {
                        throw new IllegalArgumentException(op + " " + path + " has no value");
                    }
                    if (parent instanceof ObjectNode object) {
                        if (op.equals("replace") && !object.has(key)) {
                            throw new IllegalArgumentException("replace " + path + ": nothing there to replace");
                        }
                        object.set(key, value.deepCopy());
                    } else if (parent instanceof ArrayNode array) {
                        if (key.equals("-")) {
                            array.add(value.deepCopy());
                        } else if (op.equals("add")) {
                            array.insert(index(key, array.size() + 1, path), value.deepCopy());
                        } else {
                            array.set(index(key, array.size(), path), value.deepCopy());
                        }
                    } else {
                        throw new IllegalArgumentException(op + " " + path + ": no such parent");
                    }
                }
                case "remove" -> {
                    if (parent instanceof ObjectNode object && object.has(key)) {
                        object.remove(key);
                    } else if (parent instanceof ArrayNode array) {
                        array.remove(index(key, array.size(), path));
                    } else {
                        throw new IllegalArgumentException("remove " + path + ": nothing there to remove");
                    }
                }
                default -> throw new IllegalArgumentException("unsupported JSON patch op " + op);
            }
        }
    }

    private static int index(String key, int bound, String path) {
        try {
            int index = Integer.parseInt(key);
            if (index < 0 || index >= bound) {
                throw new IllegalArgumentException(path + ": index out of range");
            }
            return index;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(path + ": not an array index");
        }
    }
}
