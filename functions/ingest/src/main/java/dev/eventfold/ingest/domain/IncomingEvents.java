package dev.eventfold.ingest.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.CloudEventAttributes;
import dev.eventfold.model.EventCodec;
import dev.eventfold.model.HttpBinding;
import dev.eventfold.model.ValidationException;
import dev.eventfold.model.Violation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The pure heart of {@code POST /events}: turns a request body (structured, binary or batch) into validated
 * CloudEvents of one organization, or a {@link ValidationException} listing every problem of every event
 * (batch paths such as {@code [3].data.email}). All-or-nothing: one bad event rejects the whole request.
 */
public final class IncomingEvents {

    /** Most events one batch request may carry. */
    public static final int MAX_BATCH_EVENTS = 1000;

    private final EventCodec codec;

    public IncomingEvents(EventCodec codec) {
        this.codec = codec;
    }

    /**
     * Parses and validates a request, then stamps every event with the key's organization.
     *
     * @param headers every request header by name, in any case (binary mode reads its {@code ce-*} headers,
     *                extensions included, through {@link HttpBinding})
     * @throws ValidationException every problem found; nothing of the request may be published
     * @throws TooManyEventsException a batch of more than {@link #MAX_BATCH_EVENTS} events
     */
    public List<CloudEvent> read(ContentMode mode, String contentType, byte[] body,
                                 Map<String, String> headers, String orgId) {
        List<JsonNode> structured = switch (mode) {
            case STRUCTURED -> List.of(EventCodec.readTree(body));
            case BINARY -> List.of(fromBinary(contentType, body, headers));
            case BATCH -> batch(EventCodec.readTree(body));
        };
        boolean batch = mode == ContentMode.BATCH;
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < structured.size(); i++) {
            JsonNode event = structured.get(i);
            List<Violation> found = new ArrayList<>(codec.validate(event));
            JsonNode clientOrg = event.get("orgid");
            if (clientOrg != null && !clientOrg.isNull() && !orgId.equals(clientOrg.asText())) {
                found.add(new Violation("orgid", "is set from the API key; omit it or send \"" + orgId + "\""));
            }
            for (Violation v : found) {
                violations.add(batch ? prefixed(i, v) : v);
            }
        }
        if (!violations.isEmpty()) {
            throw new ValidationException(violations);
        }
        List<CloudEvent> events = new ArrayList<>(structured.size());
        for (JsonNode event : structured) {
            events.add(codec.decode(event).withOrgId(orgId));
        }
        return events;
    }

    /**
     * {@link #read(ContentMode, String, byte[], Map, String)} with headers looked up one by one: binary mode then
     * sees the attributes of {@link CloudEventAttributes} only, no extensions.
     *
     * @param header looks up a request header by lower-case name
     */
    public List<CloudEvent> read(ContentMode mode, String contentType, byte[] body,
                                 Function<String, String> header, String orgId) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (CloudEventAttributes.Attribute attribute : CloudEventAttributes.HEADERS) {
            String value = header.apply(HttpBinding.PREFIX + attribute.name());
            if (value != null) {
                headers.put(HttpBinding.PREFIX + attribute.name(), value);
            }
        }
        return read(mode, contentType, body, headers, orgId);
    }

    private static Violation prefixed(int index, Violation v) {
        String field = v.field().isEmpty() ? "[" + index + "]" : "[" + index + "]" + (v.field().startsWith("[") ? "" : ".") + v.field();
        return new Violation(field, v.message());
    }

    private static List<JsonNode> batch(JsonNode array) {
        if (!array.isArray()) {
            throw new ValidationException("", "a batch must be a JSON array of CloudEvents");
        }
        if (array.isEmpty()) {
            throw new ValidationException("", "a batch must hold at least one CloudEvent");
        }
        if (array.size() > MAX_BATCH_EVENTS) {
            throw new TooManyEventsException(array.size(), MAX_BATCH_EVENTS);
        }
        List<JsonNode> events = new ArrayList<>(array.size());
        array.forEach(events::add);
        return events;
    }

    /** Binary mode: the HTTP binding's structured form, with the request's Content-Type as datacontenttype. */
    static ObjectNode fromBinary(String contentType, byte[] body, Map<String, String> headers) {
        Map<String, String> binary = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            if (!name.equalsIgnoreCase(HttpBinding.CONTENT_TYPE)) {
                binary.put(name, value);
            }
        });
        if (contentType != null) {
            binary.put(HttpBinding.CONTENT_TYPE, contentType);
        }
        return HttpBinding.toStructured(binary, body);
    }

    /** Binary-mode headers of a map, case-insensitively (for tests and callers without a header lookup). */
    public static Function<String, String> headers(Map<String, String> map) {
        return name -> map.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    /** A batch with more events than one request may carry. */
    public static final class TooManyEventsException extends RuntimeException {
        public TooManyEventsException(int count, int max) {
            super("the batch holds " + count + " events, more than the limit of " + max);
        }
    }
}
