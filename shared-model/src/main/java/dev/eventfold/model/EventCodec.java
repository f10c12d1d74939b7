package dev.eventfold.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads and writes CloudEvents in structured JSON and validates them against the catalog, reporting every
 * problem at once with its field path. Binary-mode carriers (HTTP {@code ce-*}, Kafka {@code ce_*}) are turned
 * into the same structured form first, so there is one validation for every way in.
 */
public final class EventCodec {

    /** Largest serialised {@code data} accepted by default (64 KiB). */
    public static final int DEFAULT_MAX_DATA_BYTES = 64 * 1024;
    static final int MAX_ATTRIBUTE_LENGTH = 256;
    static final int MAX_STRING_LENGTH = 4096;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    private final int maxDataBytes;
    private final boolean acceptDerived;

    private EventCodec(int maxDataBytes, boolean acceptDerived) {
        this.maxDataBytes = maxDataBytes;
        this.acceptDerived = acceptDerived;
    }

    /** For what clients send: derived types are refused, {@code orgid} is optional (ingest sets it from the key). */
    public static EventCodec forClients(int maxDataBytes) {
        return new EventCodec(maxDataBytes, false);
    }

    /**
     * For what functions read from Kafka: every catalog type, {@code orgid} required, no size limit of its own
     * (ingest enforced it, and the broker bounds records), so the hot path does not serialise data again to measure it.
     */
    public static EventCodec internal() {
        return INTERNAL;
    }

    private static final EventCodec INTERNAL = new EventCodec(Integer.MAX_VALUE, true);

    /** Every problem of a structured CloudEvent; empty when it is valid. */
    public List<Violation> validate(JsonNode event) {
        List<Violation> out = new ArrayList<>();
        if (event == null || !event.isObject()) {
            out.add(new Violation("", "must be a JSON object"));
            return out;
        }
        String spec = text(event, "specversion", out, true);
        if (spec != null && !CloudEvent.SPEC_VERSION.equals(spec)) {
            out.add(new Violation("specversion", "must be \"1.0\", was \"" + spec + "\""));
        }
        String id = text(event, "id", out, true);
        if (id != null && (id.isBlank() || id.length() > MAX_ATTRIBUTE_LENGTH || hasControl(id))) {
            out.add(new Violation("id", "must be 1 to " + MAX_ATTRIBUTE_LENGTH + " printable characters"));
        }
        String source = text(event, "source", out, true);
        if (source != null) {
            checkUriReference(source, out);
        }
        String subject = text(event, "subject", out, true);
        if (subject != null && (subject.isBlank() || subject.length() > MAX_ATTRIBUTE_LENGTH || hasControl(subject))) {
            out.add(new Violation("subject", "must be 1 to " + MAX_ATTRIBUTE_LENGTH + " printable characters"));
        }
        String time = text(event, "time", out, !acceptDerived ? false : true);
        if (time != null) {
            parseTime(time, out);
        }
        String orgId = text(event, "orgid", out, acceptDerived);
        if (orgId != null && orgId.isBlank()) {
            out.add(new Violation("orgid", "must not be blank"));
        }
        text(event, "actorid", out, false);
        String contentType = text(event, "datacontenttype", out, false);
        if (contentType != null && !contentType.toLowerCase().startsWith(CloudEvent.JSON)) {
            out.add(new Violation("datacontenttype", "must be application/json, was \"" + contentType + "\""));
        }
        String type = text(event, "type", out, true);
        EventType eventType = null;
        if (type != null) {
            eventType = EventType.of(type).orElse(null);
            if (eventType == null) {
                out.add(new Violation("type", "unknown event type \"" + type + "\""));
            } else if (eventType.derived() && !acceptDerived) {
                out.add(new Violation("type", "\"" + type + "\" is derived by Eventfold and cannot be sent"));
                eventType = null;
            }
        }
        JsonNode data = event.get("data");
        if (data == null || data.isNull()) {
            out.add(new Violation("data", "is required"));
        } else if (!data.isObject()) {
            out.add(new Violation("data", "must be a JSON object"));
        } else {
            int size = maxDataBytes == Integer.MAX_VALUE ? 0 : serialisedSize(data);
            if (size > maxDataBytes) {
                out.add(new Violation("data", "is " + size + " bytes, more than the limit of " + maxDataBytes));
            } else if (eventType != null) {
                checkRecord(eventType.payloadClass(), data, "data", out);
            }
        }
        return out;
    }

    /** A validated event, or a {@link ValidationException} listing every problem. */
    public CloudEvent decode(JsonNode event) {
        List<Violation> violations = validate(event);
        if (!violations.isEmpty()) {
            throw new ValidationException(violations);
        }
        String time = event.path("time").asText(null);
        return new CloudEvent(
                event.get("id").asText(),
                event.get("source").asText(),
                event.get("type").asText(),
                event.get("subject").asText(),
                time == null ? Instant.now() : OffsetDateTime.parse(time).toInstant(),
                event.path("orgid").asText(null),
                event.path("actorid").asText(null),
                event.get("data"));
    }

    /** Parses and decodes structured JSON bytes. */
    public CloudEvent decode(byte[] json) {
        return decode(readTree(json));
    }

    public static JsonNode readTree(byte[] json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ValidationException("", "is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ValidationException("", "is not valid JSON: " + e.getMessage());
        }
    }

    /** The structured-mode JSON of an event. */
    public static ObjectNode encode(CloudEvent event) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("specversion", CloudEvent.SPEC_VERSION);
        node.put("id", event.id());
        node.put("source", event.source());
        node.put("type", event.type());
        node.put("subject", event.subject());
        node.put("time", event.time().toString());
        node.put("datacontenttype", CloudEvent.JSON);
        if (event.orgId() != null) {
            node.put("orgid", event.orgId());
        }
        if (event.actorId() != null) {
            node.put("actorid", event.actorId());
        }
        node.set("data", event.data());
        return node;
    }

    /** A payload field as validation needs it; read once per record class (reflection is slow on the hot path). */
    private record Field(String name, Type type, boolean optional, boolean email) {
    }

    private static final ClassValue<List<Field>> FIELDS = new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> recordClass) {
            List<Field> fields = new ArrayList<>();
            for (RecordComponent component : recordClass.getRecordComponents()) {
                fields.add(new Field(component.getName(), component.getGenericType(),
                        component.isAnnotationPresent(Nullable.class),
                        component.getName().toLowerCase().endsWith("email")));
            }
            return List.copyOf(fields);
        }
    };

    private void checkRecord(Class<?> recordClass, JsonNode data, String path, List<Violation> out) {
        for (Field component : FIELDS.get(recordClass)) {
            String field = path + "." + component.name();
            JsonNode value = data.get(component.name());
            if (value == null || value.isNull()) {
                if (!component.optional()) {
                    out.add(new Violation(field, "is required"));
                }
                continue;
            }
            checkValue(component.type(), value, field, out);
            if (value.isTextual() && component.email() && !EMAIL.matcher(value.asText()).matches()) {
                out.add(new Violation(field, "is not an email address"));
            }
        }
    }

    private void checkValue(Type type, JsonNode value, String field, List<Violation> out) {
        if (type == String.class) {
            if (!value.isTextual()) {
                out.add(new Violation(field, "must be a string, was " + kind(value)));
            } else if (value.asText().length() > MAX_STRING_LENGTH) {
                out.add(new Violation(field, "is longer than " + MAX_STRING_LENGTH + " characters"));
            }
        } else if (type == Instant.class) {
            if (!value.isTextual()) {
                out.add(new Violation(field, "must be an RFC 3339 timestamp string, was " + kind(value)));
            } else {
                parseTime(value.asText(), field, out);
            }
        } else if (type == long.class || type == Long.class || type == int.class || type == Integer.class) {
            if (!value.isIntegralNumber()) {
                out.add(new Violation(field, "must be an integer, was " + kind(value)));
            }
        } else if (type == double.class || type == Double.class) {
            if (!value.isNumber()) {
                out.add(new Violation(field, "must be a number, was " + kind(value)));
            }
        } else if (type == boolean.class || type == Boolean.class) {
            if (!value.isBoolean()) {
                out.add(new Violation(field, "must be true or false, was " + kind(value)));
            }
        } else if (type instanceof ParameterizedType list && list.getRawType() == List.class) {
            if (!value.isArray()) {
                out.add(new Violation(field, "must be an array, was " + kind(value)));
                return;
            }
            for (int i = 0; i < value.size(); i++) {
                checkValue(list.getActualTypeArguments()[0], value.get(i), field + "[" + i + "]", out);
            }
        } else if (type instanceof Class<?> nested && nested.isRecord()) {
            if (!value.isObject()) {
                out.add(new Violation(field, "must be an object, was " + kind(value)));
            } else {
                checkRecord(nested, value, field, out);
            }
        }
    }

    private static String text(JsonNode event, String name, List<Violation> out, boolean required) {
        JsonNode value = event.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                out.add(new Violation(name, "is required"));
            }
            return null;
        }
        if (!value.isTextual()) {
            out.add(new Violation(name, "must be a string, was " + kind(value)));
            return null;
        }
        return value.asText();
    }

    private static void checkUriReference(String source, List<Violation> out) {
        if (source.isBlank()) {
            out.add(new Violation("source", "must be a non-empty URI reference"));
            return;
        }
        try {
            new URI(source);
        } catch (URISyntaxException e) {
            out.add(new Violation("source", "is not a URI reference: " + e.getReason()));
        }
    }

    private static void parseTime(String time, List<Violation> out) {
        parseTime(time, "time", out);
    }

    private static void parseTime(String time, String field, List<Violation> out) {
        try {
            OffsetDateTime.parse(time);
        } catch (DateTimeParseException e) {
            out.add(new Violation(field, "is not an RFC 3339 timestamp: \"" + time + "\""));
        }
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(Character::isISOControl);
    }

    private static int serialisedSize(JsonNode data) {
        try {
            return Json.MAPPER.writeValueAsBytes(data).length;
        } catch (IOException e) {
            return Integer.MAX_VALUE;
        }
    }

    private static String kind(JsonNode value) {
        return switch (value.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case BOOLEAN -> "a boolean";
            case NUMBER -> "a number";
            case STRING -> "a string";
            default -> value.getNodeType().name().toLowerCase();
        };
    }
}
