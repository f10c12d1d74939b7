package dev.eventfold.model;

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
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads and writes CloudEvents in structured JSON and validates them against the catalog, reporting every
 * problem at once with its field path. Binary-mode carriers (HTTP {@code ce-*}, Kafka {@code ce_*}) are turned
 * into the same structured form first, so there is one validation for every way in.
 */
public final class EventCodec {

    /** Largest serialised {@code data} accepted by default (64 KiB). */
    public static final int DEFAULT_MAX_DATA_BYTES = 64 * 1024;
    /** Largest string (and member name) anywhere in {@code data}, in UTF-8 bytes. */
    public static final int MAX_DATA_STRING_BYTES = 4096;
    /** Deepest nesting of objects and arrays inside {@code data} ({@code data} itself is level 0). */
    public static final int MAX_DATA_DEPTH = 32;
    /** Earliest {@code time} (and timestamp in data) accepted: the Unix epoch. */
    public static final Instant EARLIEST_TIME = Instant.parse("1970-01-01T00:00:00Z");
    /** Latest {@code time} (and timestamp in data) accepted: the end of year 9999, the last four-digit RFC 3339 year. */
    public static final Instant LATEST_TIME = Instant.parse("9999-12-31T23:59:59.999999999Z");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    /** RFC 3339 date-time (section 5.6): seconds and an offset required; at most nanosecond precision. */
    private static final Pattern RFC3339 =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?([Zz]|[+-]\\d{2}:\\d{2})");

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
     * Every other rule is the same as for clients.
     */
    public static EventCodec internal() {
        return INTERNAL;
    }

    private static final EventCodec INTERNAL = new EventCodec(Integer.MAX_VALUE, true);

    /**
     * Every problem of a structured CloudEvent; empty when it is valid. Beyond the CloudEvents rules (required
     * attributes, the String type's characters, RFC 3339 times, extension names and value types, {@code data} and
     * {@code data_base64} exclusive) the contract refuses what a function could not store or fold: NUL anywhere,
     * strings over their byte limits ({@link CloudEventAttributes}, {@link #MAX_DATA_STRING_BYTES}), times outside
     * {@link #EARLIEST_TIME}..{@link #LATEST_TIME}, numbers that are not finite or do not fit their field.
     */
    public List<Violation> validate(JsonNode event) {
        List<Violation> out = new ArrayList<>();
        if (event == null || !event.isObject()) {
            out.add(new Violation("", "must be a JSON object"));
            return out;
        }
        String spec = attribute(event, CloudEventAttributes.SPECVERSION, true, out);
        if (spec != null && !CloudEvent.SPEC_VERSION.equals(spec)) {
            out.add(new Violation("specversion", "must be \"1.0\", was \"" + Text.printable(spec) + "\""));
        }
        nonBlank(event, CloudEventAttributes.ID, true, out);
        attribute(event, CloudEventAttributes.SOURCE, true, out);
        nonBlank(event, CloudEventAttributes.SUBJECT, true, out);
        attribute(event, CloudEventAttributes.TIME, acceptDerived, out);
        nonBlank(event, CloudEventAttributes.ORGID, acceptDerived, out);
        nonBlank(event, CloudEventAttributes.ACTORID, false, out);
        String contentType = attribute(event, CloudEventAttributes.DATACONTENTTYPE, false, out);
        if (contentType != null) {
            checkContentType(contentType, out);
        }
        attribute(event, CloudEventAttributes.DATASCHEMA, false, out);
        attribute(event, CloudEventAttributes.TRACEPARENT, false, out);
        attribute(event, CloudEventAttributes.TRACESTATE, false, out);
        attribute(event, CloudEventAttributes.SEQUENCE, false, out);
        String type = attribute(event, CloudEventAttributes.TYPE, true, out);
        EventType eventType = null;
        if (type != null) {
            eventType = EventType.of(type).orElse(null);
            if (eventType == null) {
                out.add(new Violation("type", "unknown event type \"" + Text.printable(type) + "\""));
            } else if (eventType.derived() && !acceptDerived) {
                out.add(new Violation("type", "\"" + type + "\" is derived by Eventfold and cannot be sent"));
                eventType = null;
            }
        }
        checkExtensions(event, out);
        JsonNode data = event.get(CloudEventAttributes.DATA);
        if (event.hasNonNull(CloudEventAttributes.DATA_BASE64)) {
            out.add(new Violation(CloudEventAttributes.DATA_BASE64, data != null && !data.isNull()
                    ? "must not be sent together with data (CloudEvents JSON format, 3.1)"
                    : "is not accepted: Eventfold events carry JSON data, send it as data"));
        }
        if (data == null || data.isNull()) {
            out.add(new Violation("data", "is required"));
        } else if (!data.isObject()) {
            out.add(new Violation("data", "must be a JSON object"));
        } else {
            int size = maxDataBytes == Integer.MAX_VALUE ? 0 : serialisedSize(data);
            if (size > maxDataBytes) {
                out.add(new Violation("data", "is " + size + " bytes, more than the limit of " + maxDataBytes));
            } else {
                checkTree(data, "data", 0, out);
                if (eventType != null) {
                    checkRecord(eventType.payloadClass(), data, "data", out);
                }
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
                time == null ? Instant.now() : parseInstant(time),
                event.path("orgid").asText(null),
                event.path("actorid").asText(null),
                event.get("data"),
                event.path("traceparent").asText(null),
                event.path("tracestate").asText(null),
                event.path("sequence").asText(null));
    }

    /** Parses and decodes structured JSON bytes. */
    public CloudEvent decode(byte[] json) {
        return decode(readTree(json));
    }

    /** Event JSON read strictly ({@link Json#readStrict}): one value, no duplicate names, well-formed UTF-8. */
    public static JsonNode readTree(byte[] json) {
        return Json.readStrict(json);
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
        if (event.traceparent() != null) {
            node.put("traceparent", event.traceparent());
            if (event.tracestate() != null) {
                node.put("tracestate", event.tracestate());
            }
        }
        if (event.sequence() != null) {
            node.put("sequence", event.sequence());
        }
        node.set("data", event.data());
        return node;
    }

    /** A payload field as validation needs it; read once per record class (reflection is slow on the hot path). */
    private record Field(String name, Type type, boolean optional, boolean email, boolean entityId) {
    }

    private static final ClassValue<List<Field>> FIELDS = new ClassValue<>() {
        @Override
        protected List<Field> computeValue(Class<?> recordClass) {
            List<Field> fields = new ArrayList<>();
            for (RecordComponent component : recordClass.getRecordComponents()) {
                fields.add(new Field(component.getName(), component.getGenericType(),
                        component.isAnnotationPresent(Nullable.class),
                        component.getName().toLowerCase().endsWith("email"),
                        component.getName().equals("id") || component.getName().endsWith("Id")));
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
            checkValue(component.type(), component.entityId(), value, field, out);
            if (value.isTextual() && component.email() && !EMAIL.matcher(value.asText()).matches()) {
                out.add(new Violation(field, "is not an email address"));
            }
        }
    }

    private void checkValue(Type type, boolean entityId, JsonNode value, String field, List<Violation> out) {
        if (value.isTextual() && !storable(value.asText())) {
            return; // reported by checkTree already
        }
        if (type == String.class) {
            if (!value.isTextual()) {
                out.add(new Violation(field, "must be a string, was " + kind(value)));
            } else if (entityId && Text.utf8Length(value.asText()) > CloudEventAttributes.MAX_ID_BYTES) {
                out.add(new Violation(field, "is an id longer than " + CloudEventAttributes.MAX_ID_BYTES + " bytes in UTF-8"));
            }
        } else if (type == Instant.class) {
            if (!value.isTextual()) {
                out.add(new Violation(field, "must be an RFC 3339 timestamp string, was " + kind(value)));
            } else {
                checkTime(value.asText(), field, out);
            }
        } else if (type == long.class || type == Long.class) {
            if (!value.isIntegralNumber() || !value.canConvertToLong()) {
                out.add(new Violation(field, "must be an integer from -2^63 to 2^63-1, was " + kind(value)));
            }
        } else if (type == int.class || type == Integer.class) {
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                out.add(new Violation(field, "must be an integer from -2^31 to 2^31-1, was " + kind(value)));
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
                checkValue(list.getActualTypeArguments()[0], false, value.get(i), field + "[" + i + "]", out);
            }
        } else if (type instanceof Class<?> nested && nested.isRecord()) {
            if (!value.isObject()) {
                out.add(new Violation(field, "must be an object, was " + kind(value)));
            } else {
                checkRecord(nested, value, field, out);
            }
        }
    }

    /**
     * Every string and member name in data, whatever the payload record knows of: the character rules, the byte
     * limit, finite numbers, bounded nesting.
     */
    private static void checkTree(JsonNode node, String path, int depth, List<Violation> out) {
        if (depth > MAX_DATA_DEPTH) {
            out.add(new Violation(path, "nests deeper than " + MAX_DATA_DEPTH + " levels"));
            return;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                String name = member.getKey();
                String field = path + "." + Text.printable(name);
                String problem = Text.problem(name, false);
                if (problem != null) {
                    out.add(new Violation(field, "has a member name that " + problem));
                } else if (Text.utf8Length(name) > MAX_DATA_STRING_BYTES) {
                    out.add(new Violation(field, "has a member name longer than " + MAX_DATA_STRING_BYTES + " bytes in UTF-8"));
                } else {
                    checkTree(member.getValue(), field, depth + 1, out);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkTree(node.get(i), path + "[" + i + "]", depth + 1, out);
            }
        } else if (node.isTextual()) {
            String problem = Text.problem(node.asText(), false);
            if (problem != null) {
                out.add(new Violation(path, problem));
            } else if (Text.utf8Length(node.asText()) > MAX_DATA_STRING_BYTES) {
                out.add(new Violation(path, "is longer than " + MAX_DATA_STRING_BYTES + " bytes in UTF-8"));
            }
        } else if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            out.add(new Violation(path, "is not a finite number"));
        }
    }

    private static boolean storable(String s) {
        return Text.problem(s, false) == null && Text.utf8Length(s) <= MAX_DATA_STRING_BYTES;
    }

    /** Every member that is not a known attribute nor data: an extension, checked by the CloudEvents rules. */
    private static void checkExtensions(JsonNode event, List<Violation> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = event.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            String name = member.getKey();
            if (name.equals(CloudEventAttributes.DATA) || name.equals(CloudEventAttributes.DATA_BASE64)
                    || CloudEventAttributes.of(name).isPresent()) {
                continue;
            }
            String field = Text.printable(name);
            if (!CloudEventAttributes.validExtensionName(name)) {
                out.add(new Violation(field, "is not a CloudEvents attribute name: lower-case letters a-z and digits"
                        + " 0-9 only, at most " + CloudEventAttributes.MAX_NAME_LENGTH + " characters"));
                continue;
            }
            JsonNode value = member.getValue();
            if (value.isNull() || value.isBoolean()) {
                continue; // null is unset (CloudEvents JSON format, 2.2)
            }
            if (value.isNumber()) {
                if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                    out.add(new Violation(field, "must be a CloudEvents Integer: a whole number from -2147483648"
                            + " to 2147483647"));
                }
            } else if (value.isTextual()) {
                String problem = stringProblem(value.asText(), CloudEventAttributes.MAX_EXTENSION_BYTES);
                if (problem != null) {
                    out.add(new Violation(field, problem));
                }
            } else {
                out.add(new Violation(field, "must be a string, an integer or a boolean, was " + kind(value)));
            }
        }
    }

    /** A known attribute's string value (null when absent or invalid, with the violation added). */
    private static String attribute(JsonNode event, CloudEventAttributes.Attribute attribute, boolean required,
                                    List<Violation> out) {
        String name = attribute.name();
        String value = text(event, name, out, required);
        if (value == null) {
            return null;
        }
        Optional<String> problem = problem(attribute, value);
        if (problem.isPresent()) {
            out.add(new Violation(name, problem.get()));
            return null;
        }
        return value;
    }

    /**
     * Why a value would be refused as the given attribute (characters, byte limit, URI or timestamp syntax), or
     * empty: for code that builds events itself from outside input, e.g. a page id from a URL path.
     */
    public static Optional<String> problem(CloudEventAttributes.Attribute attribute, String value) {
        String problem = stringProblem(value, attribute.maxBytes());
        if (problem == null) {
            problem = switch (attribute.kind()) {
                case STRING -> null;
                case URI_REFERENCE -> uriProblem(value, false);
                case URI -> uriProblem(value, true);
                case TIMESTAMP -> timeProblem(value);
                case TRACEPARENT -> TraceContext.problem(value);
            };
        }
        return Optional.ofNullable(problem);
    }

    private static void nonBlank(JsonNode event, CloudEventAttributes.Attribute attribute, boolean required,
                                 List<Violation> out) {
        String value = attribute(event, attribute, required, out);
        if (value != null && value.isBlank()) {
            out.add(new Violation(attribute.name(), "must not be blank"));
        }
    }

    private static String stringProblem(String value, int maxBytes) {
        String problem = Text.problem(value, true);
        if (problem == null && Text.utf8Length(value) > maxBytes) {
            problem = "is longer than " + maxBytes + " bytes in UTF-8";
        }
        return problem;
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

    private static String uriProblem(String value, boolean absolute) {
        if (value.isBlank()) {
            return "must be a non-empty URI" + (absolute ? "" : " reference");
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) >= 0x80) {
                return "must be ASCII (RFC 3986): percent-encode the character at index " + i;
            }
        }
        try {
            URI uri = new URI(value);
            return absolute && !uri.isAbsolute() ? "must be an absolute URI" : null;
        } catch (URISyntaxException e) {
            return "is not a URI" + (absolute ? "" : " reference") + ": " + Text.printable(e.getReason());
        }
    }

    private static void checkContentType(String contentType, List<Violation> out) {
        String[] parts = contentType.split(";");
        if (!parts[0].trim().equalsIgnoreCase(CloudEvent.JSON)) {
            out.add(new Violation("datacontenttype", "must be application/json, was \"" + Text.printable(contentType) + "\""));
            return;
        }
        for (int i = 1; i < parts.length; i++) {
            String[] parameter = parts[i].trim().split("=", 2);
            if (parameter[0].trim().equalsIgnoreCase("charset") && (parameter.length < 2
                    || !parameter[1].trim().replace("\"", "").equalsIgnoreCase("utf-8"))) {
                out.add(new Violation("datacontenttype", "must be UTF-8 JSON, was \"" + Text.printable(contentType) + "\""));
                return;
            }
        }
    }

    private static void checkTime(String time, String field, List<Violation> out) {
        String problem = timeProblem(time);
        if (problem != null) {
            out.add(new Violation(field, problem));
        }
    }

    /** Why a timestamp is refused, or null: RFC 3339 with seconds and offset, between 1970 and 9999. */
    private static String timeProblem(String time) {
        Instant instant;
        try {
            instant = RFC3339.matcher(time).matches() ? parseInstant(time) : null;
        } catch (DateTimeParseException e) {
            instant = null;
        }
        if (instant == null) {
            return "is not an RFC 3339 timestamp: \"" + Text.printable(time) + "\"";
        }
        if (instant.isBefore(EARLIEST_TIME) || instant.isAfter(LATEST_TIME)) {
            return "must be between " + EARLIEST_TIME + " and " + LATEST_TIME + ", was \"" + Text.printable(time) + "\"";
        }
        return null;
    }

    private static Instant parseInstant(String time) {
        return OffsetDateTime.parse(time.toUpperCase(Locale.ROOT)).toInstant();
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
