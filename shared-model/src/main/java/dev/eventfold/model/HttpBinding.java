package dev.eventfold.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CloudEvents HTTP protocol binding for events Eventfold sends out (webhooks): binary mode puts the same
 * attributes as {@link KafkaBinding} in {@code ce-*} headers with the JSON data as the body; structured mode sends
 * the whole event as {@code application/cloudevents+json}.
 */
public final class HttpBinding {

    public static final String PREFIX = "ce-";
    public static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json; charset=utf-8";

    private HttpBinding() {
    }

    /** The {@code ce-*} headers and Content-Type of a binary-mode request, in attribute order. */
    public static Map<String, String> binaryHeaders(CloudEvent event) {
        Map<String, String> headers = new LinkedHashMap<>();
        ObjectNode structured = EventCodec.encode(event);
        for (String attribute : KafkaBinding.ATTRIBUTES) {
            JsonNode value = structured.get(attribute);
            if (value != null && !value.isNull()) {
                headers.put(PREFIX + attribute, value.asText());
            }
        }
        headers.put("content-type", CloudEvent.JSON);
        return headers;
    }

    /** The body of a binary-mode request: the event's data. */
    public static byte[] binaryBody(CloudEvent event) {
        return KafkaBinding.dataBytes(event);
    }

    /** The body of a structured-mode request: the event as one JSON object. */
    public static byte[] structuredBody(CloudEvent event) {
        try {
            return Json.MAPPER.writeValueAsString(EventCodec.encode(event)).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("a CloudEvent always serialises", e);
        }
    }
}
