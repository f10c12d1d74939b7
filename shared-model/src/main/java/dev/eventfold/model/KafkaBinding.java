package dev.eventfold.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The CloudEvents Kafka protocol binding in binary mode: the attributes of {@link CloudEventAttributes} in
 * {@code ce_*} headers (UTF-8 values, no percent-encoding on Kafka), {@code datacontenttype} as
 * {@code content-type}, the JSON data as the record value, the organization and subject as the key
 * ({@link #key}). A Knative KafkaSource forwards such a record as the same CloudEvent (over HTTP:
 * {@link HttpBinding}).
 */
public final class KafkaBinding {

    public static final String PREFIX = "ce_";
    public static final String CONTENT_TYPE = "content-type";

    private KafkaBinding() {
    }

    /** The record of an event; the event names its organization, like every event on Eventfold's topics. */
    public static ProducerRecord<String, byte[]> toRecord(String topic, CloudEvent event) {
        return new ProducerRecord<>(topic, null, key(event), dataBytes(event), headers(event));
    }

    /** {@link #key(String, String)} of the event's organization and subject. */
    public static String key(CloudEvent event) {
        if (event.orgId() == null) {
            throw new IllegalArgumentException("event " + event.id() + " names no organization (orgid): it has no key");
        }
        return key(event.orgId(), event.subject());
    }

    /**
     * The record key of a subject of an organization: {@code <orgid>/<subject>}, with {@code %} and {@code /} in the
     * organization id percent-encoded so that the first {@code /} always ends it. Subjects (user, page, campaign
     * ids) are unique only within an organization, so the key names both: two tenants' {@code u1} are two keys, on
     * a compacted topic too, and one subject's events still share a key and so a partition.
     */
    public static String key(String orgId, String subject) {
        String org = orgId.indexOf('%') < 0 && orgId.indexOf('/') < 0
                ? orgId
                : orgId.replace("%", "%25").replace("/", "%2F");
        return org + "/" + subject;
    }

    public static Headers headers(CloudEvent event) {
        RecordHeaders headers = new RecordHeaders();
        ObjectNode structured = EventCodec.encode(event);
        for (CloudEventAttributes.Attribute attribute : CloudEventAttributes.HEADERS) {
            JsonNode value = structured.get(attribute.name());
            if (value != null && !value.isNull()) {
                headers.add(PREFIX + attribute.name(), value.asText().getBytes(StandardCharsets.UTF_8));
            }
        }
        headers.add(CONTENT_TYPE, CloudEvent.JSON.getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    public static byte[] dataBytes(CloudEvent event) {
        try {
            return Json.MAPPER.writeValueAsBytes(event.data());
        } catch (IOException e) {
            throw new IllegalStateException("JSON data always serialises", e);
        }
    }

    /** The structured form of a binary-mode record, for {@link EventCodec#validate}. */
    public static ObjectNode toStructured(Headers headers, byte[] value) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        for (Header header : headers) {
            if (header.key().startsWith(PREFIX) && header.value() != null) {
                node.put(header.key().substring(PREFIX.length()), new String(header.value(), StandardCharsets.UTF_8));
            } else if (header.key().equals(CONTENT_TYPE) && header.value() != null) {
                node.put("datacontenttype", new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        if (value != null) {
            node.set("data", EventCodec.readTree(value));
        }
        return node;
    }

    /** A validated event from a record, or a {@link ValidationException} (a poison record). */
    public static CloudEvent fromRecord(EventCodec codec, ConsumerRecord<?, byte[]> record) {
        return codec.decode(toStructured(record.headers(), record.value()));
    }
}
