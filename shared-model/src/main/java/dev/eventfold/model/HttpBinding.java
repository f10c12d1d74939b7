package dev.eventfold.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CloudEvents HTTP protocol binding in binary mode: every attribute of {@link CloudEventAttributes} but
 * {@code datacontenttype} in a {@code ce-<name>} header, {@code datacontenttype} as {@code Content-Type}, the JSON
 * data as the body. Header values are percent-encoded as the binding's section 3.1.3.2 says (space, {@code "},
 * {@code %} and everything outside U+0021..U+007E as {@code %XY} of its UTF-8 bytes) and decoded strictly: a
 * quoted string is unescaped first, then one round of percent-decoding, and a {@code %} without two hex digits,
 * raw characters outside printable ASCII or bytes that are not well-formed UTF-8 are refused; NUL and the other
 * control characters are refused by {@link EventCodec#validate} like in any attribute.
 *
 * <p>For ingest ({@link #toStructured}, then {@link EventCodec#validate}), a Funqy trigger or a test
 * ({@link #fromBinary}), and for writing an event as an HTTP request ({@link #headers}, {@link #body}).
 */
public final class HttpBinding {

    /** The prefix of attribute headers; header names are case-insensitive, attribute names lower case. */
    public static final String PREFIX = "ce-";
    public static final String CONTENT_TYPE = "content-type";
    /** The content type of an event in structured mode (the whole event as one JSON object). */
    public static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json; charset=utf-8";

    private HttpBinding() {
    }

    /**
     * The binary-mode headers of an event: {@code ce-*} for every attribute it has (percent-encoded) and
     * {@code content-type: application/json}; in the order of {@link CloudEventAttributes#HEADERS}.
     */
    public static Map<String, String> headers(CloudEvent event) {
        Map<String, String> headers = new LinkedHashMap<>();
        ObjectNode structured = EventCodec.encode(event);
        for (CloudEventAttributes.Attribute attribute : CloudEventAttributes.HEADERS) {
            JsonNode value = structured.get(attribute.name());
            if (value != null && !value.isNull()) {
                headers.put(PREFIX + attribute.name(), percentEncode(value.asText()));
            }
        }
        headers.put(CONTENT_TYPE, CloudEvent.JSON);
        return headers;
    }

    /** The structured-mode body of an event: the whole event, attributes and data, as one JSON object. */
    public static byte[] structuredBody(CloudEvent event) {
        return EventCodec.encode(event).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The binary-mode body of an event: its data as JSON. */
    public static byte[] body(CloudEvent event) {
        return KafkaBinding.dataBytes(event);
    }

    /**
     * A validated event from binary-mode headers and body, checked by the codec for functions (every catalog type,
     * {@code orgid} required): what a Funqy trigger needs.
     *
     * @param headers header name to value, names in any case (only {@code ce-*} and {@code content-type} are read)
     * @throws ValidationException every problem found, with the attribute name as field ({@code data} for the body)
     */
    public static CloudEvent fromBinary(Map<String, String> headers, byte[] body) {
        return fromBinary(EventCodec.internal(), headers, body);
    }

    /** A validated event from binary-mode headers and body, checked by the given codec. */
    public static CloudEvent fromBinary(EventCodec codec, Map<String, String> headers, byte[] body) {
        return codec.decode(toStructured(headers, body));
    }

    /**
     * The structured form of a binary-mode message, for {@link EventCodec#validate}: each {@code ce-<name>} header
     * decoded into attribute {@code <name>} (lower-cased), {@code content-type} into {@code datacontenttype}, the
     * body (strict JSON, {@link Json#readStrict}) into {@code data}.
     *
     * @throws ValidationException when a header cannot be decoded (field: its attribute), an attribute comes in two
     *                             headers, {@code ce-datacontenttype} or {@code ce-data} is sent, or the body is not
     *                             strict JSON (field {@code data}); every such problem at once
     */
    public static ObjectNode toStructured(Map<String, String> headers, byte[] body) {
        List<Violation> problems = new ArrayList<>();
        JsonNode data = null;
        try {
            data = Json.readStrict(body == null ? new byte[0] : body);
        } catch (ValidationException e) {
            e.violations().forEach(v -> problems.add(v.field().isEmpty()
                    ? new Violation(CloudEventAttributes.DATA, v.message()) : v.prefixed(CloudEventAttributes.DATA)));
        }
        return toStructured(headers.entrySet(), data, problems);
    }

    /**
     * The structured form of a binary-mode message whose body a carrier has already parsed (Funqy reads it before
     * the function runs): the headers as {@link #toStructured(Map, byte[])} reads them, in the carrier's order and
     * with repeats (a {@code ce-*} header sent twice is refused), and {@code data} as given.
     */
    public static ObjectNode toStructured(Iterable<Map.Entry<String, String>> headers, JsonNode data) {
        return toStructured(headers, data, new ArrayList<>());
    }

    private static ObjectNode toStructured(Iterable<Map.Entry<String, String>> headers, JsonNode data,
                                           List<Violation> problems) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        for (Map.Entry<String, String> header : headers) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (header.getValue() == null) {
                continue;
            }
            String member;
            if (name.equals(CONTENT_TYPE)) {
                member = CloudEventAttributes.DATACONTENTTYPE.name();
            } else if (name.startsWith(PREFIX)) {
                member = name.substring(PREFIX.length());
                if (member.equals(CloudEventAttributes.DATACONTENTTYPE.name())) {
                    problems.add(new Violation(member, "must not be sent as a ce-datacontenttype header in binary"
                            + " mode: Content-Type carries it (HTTP binding, 3.1.1)"));
                    continue;
                }
                if (member.equals(CloudEventAttributes.DATA) || member.equals(CloudEventAttributes.DATA_BASE64)) {
                    problems.add(new Violation(member, "is the body in binary mode, not a ce- header"));
                    continue;
                }
            } else {
                continue;
            }
            String field = Text.printable(member);
            if (node.has(member)) {
                problems.add(new Violation(field, "is sent in more than one header"));
                continue;
            }
            try {
                node.put(member, member.equals(CloudEventAttributes.DATACONTENTTYPE.name())
                        ? header.getValue().trim() : percentDecode(header.getValue()));
            } catch (IllegalArgumentException e) {
                problems.add(new Violation(field, e.getMessage()));
            }
        }
        if (data != null) {
            node.set(CloudEventAttributes.DATA, data);
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return node;
    }

    /** A header value of an attribute value, percent-encoded as the HTTP binding (3.1.3.2) says, upper-case hex. */
    public static String percentEncode(String value) {
        StringBuilder out = new StringBuilder(value.length());
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        for (byte b : utf8) {
            int c = b & 0xFF;
            if (c >= 0x21 && c <= 0x7E && c != '"' && c != '%') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return out.toString();
    }

    /**
     * An attribute value of a header value: quoted strings unescaped (RFC 7230, 3.2.6), then one round of
     * percent-decoding into strict UTF-8. Surrounding whitespace is not part of a header value and is dropped.
     *
     * @throws IllegalArgumentException why the value cannot be decoded (its message names no field)
     */
    public static String percentDecode(String headerValue) {
        String unquoted = unquote(headerValue.strip());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(unquoted.length());
        for (int i = 0; i < unquoted.length(); i++) {
            char c = unquoted.charAt(i);
            if (c == '%') {
                int high = i + 1 < unquoted.length() ? Character.digit(unquoted.charAt(i + 1), 16) : -1;
                int low = i + 2 < unquoted.length() ? Character.digit(unquoted.charAt(i + 2), 16) : -1;
                if (high < 0 || low < 0) {
                    throw new IllegalArgumentException("has a % at index " + i + " not followed by two hexadecimal digits");
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c >= 0x20 && c <= 0x7E) {
                bytes.write(c); // space and " are tolerated raw, as older versions of the binding sent them
            } else {
                throw new IllegalArgumentException(String.format(
                        "has the raw character U+%04X at index %d: header values are printable ASCII, the rest"
                                + " percent-encoded UTF-8", (int) c, i));
            }
        }
        try {
            return Json.decodeUtf8(bytes.toByteArray()).toString();
        } catch (ValidationException e) {
            throw new IllegalArgumentException("is percent-encoded bytes that are not valid UTF-8");
        }
    }

    /** RFC 7230 quoted-strings within a header value unescaped; text outside quotes kept as it is. */
    private static String unquote(String value) {
        if (value.indexOf('"') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (quoted && c == '\\') {
                if (i + 1 == value.length()) {
                    break;
                }
                out.append(value.charAt(++i));
            } else {
                out.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("has a quoted string without its closing double quote");
        }
        return out.toString();
    }
}
