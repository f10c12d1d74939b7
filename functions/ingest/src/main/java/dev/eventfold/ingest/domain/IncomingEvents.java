package dev.eventfold.ingest.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventCodec;
import dev.eventfold.model.Json;
import dev.eventfold.model.ValidationException;
import dev.eventfold.model.Violation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
    private static final String HEADER_PREFIX = "ce-";

    private final EventCodec codec;

    public IncomingEvents(EventCodec codec) {
        this.codec = codec;
    }

    /**
     * Parses and validates a request, then stamps every event with the key's organization.
     *
     * @param header looks up a request header by lower-case name (for binary mode's {@code ce-*} headers)
     * @throws ValidationException every problem found; nothing of the request may be published
     * @throws TooManyEventsException a batch of more than {@link #MAX_BATCH_EVENTS} events
     */
    public List<CloudEvent> read(ContentMode mode, String contentType, byte[] body,
                                 Function<String, String> header, String orgId) {
        List<JsonNode> structured = switch (mode) {
            case STRUCTURED -> List.of(EventCodec.readTree(body));
            case BINARY -> List.of(fromBinary(contentType, body, header));
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

    /** Binary mode: attributes from {@code ce-*} headers, the body is the data, its media type the content type. */
    static ObjectNode fromBinary(String contentType, byte[] body, Function<String, String> header) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        for (String attribute : List.of("specversion", "id", "source", "type", "subject", "time", "orgid", "actorid")) {
            String value = header.apply(HEADER_PREFIX + attribute);
            if (value != null) {
                node.put(attribute, value);
            }
        }
        if (contentType != null) {
            node.put("datacontenttype", contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT));
        }
        node.set("data", EventCodec.readTree(body));
        return node;
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
