package dev.eventfold.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Objects;

/**
 * A CloudEvent 1.0 as Eventfold records it: the idempotency key {@code id}, reverse-DNS {@code type}, the entity
 * id as {@code subject} (with the organization, the Kafka key: {@link KafkaBinding#key}), the tenant in the
 * {@code orgid} extension and JSON {@code data}.
 * {@code traceparent} and {@code tracestate} are the CloudEvents distributed-tracing extension: the trace the event
 * belongs to, which every event derived from it keeps ({@link #withTraceOf}). {@code sequence} is the CloudEvents
 * sequence extension on derived state events: the subject's version, zero-padded so that a later state always
 * sorts after an earlier one ({@link #withSequence}); a consumer keeping the latest state ignores a lower one.
 * Build one with {@link EventCodec} (which validates) or {@link #of} for events a function derives itself.
 */
public record CloudEvent(
        String id,
        String source,
        String type,
        String subject,
        Instant time,
        String orgId,
        @Nullable String actorId,
        JsonNode data,
        @Nullable String traceparent,
        @Nullable String tracestate,
        @Nullable String sequence) {

    public static final String SPEC_VERSION = "1.0";
    public static final String JSON = "application/json";

    public CloudEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
        if (traceparent == null) {
            tracestate = null; // a tracestate means nothing without its traceparent (W3C Trace Context, 3.3)
        }
    }

    /** An event outside any trace. */
    public CloudEvent(String id, String source, String type, String subject, Instant time, String orgId,
                      @Nullable String actorId, JsonNode data) {
        this(id, source, type, subject, time, orgId, actorId, data, null, null, null);
    }

    /** An event a function emits: the payload is serialised as the data of the catalog's type. */
    public static CloudEvent of(String id, String source, EventType type, String subject, Instant time,
                                String orgId, @Nullable String actorId, Record payload) {
        if (!type.payloadClass().isInstance(payload)) {
            throw new IllegalArgumentException(type + " carries " + type.payloadClass().getSimpleName()
                    + ", not " + payload.getClass().getSimpleName());
        }
        return new CloudEvent(id, source, type.type(), subject, time, orgId, actorId, Json.MAPPER.valueToTree(payload));
    }

    /** The catalog entry of this event's type. */
    public EventType eventType() {
        return EventType.of(type).orElseThrow(() -> new IllegalStateException("type not in catalog: " + type));
    }

    /** The data bound to the payload record of this event's type. */
    public <T extends Record> T payload(Class<T> payloadClass) {
        return Json.MAPPER.convertValue(data, payloadClass);
    }

    /** The event's identity: (organization, source, id), the key of every dedup record. */
    public EventIdentity identity() {
        return EventIdentity.of(this);
    }

    public CloudEvent withOrgId(String newOrgId) {
        return new CloudEvent(id, source, type, subject, time, newOrgId, actorId, data, traceparent, tracestate,
                sequence);
    }

    /** This event in the trace given by a W3C {@code traceparent} (and {@code tracestate}, may be null). */
    public CloudEvent withTrace(@Nullable String newTraceparent, @Nullable String newTracestate) {
        return new CloudEvent(id, source, type, subject, time, orgId, actorId, data, newTraceparent,
                newTraceparent == null ? null : newTracestate, sequence);
    }

    /** Digits of a {@link #sequence}: every long fits, so string order is numeric order. */
    public static final int SEQUENCE_DIGITS = 19;

    /** This derived state event as version {@code version} (from 1) of its subject: the {@code sequence} extension. */
    public CloudEvent withSequence(long version) {
        if (version < 0) {
            throw new IllegalArgumentException("a subject's version is not negative: " + version);
        }
        String padded = Long.toString(version);
        padded = "0".repeat(SEQUENCE_DIGITS - padded.length()) + padded;
        return new CloudEvent(id, source, type, subject, time, orgId, actorId, data, traceparent, tracestate, padded);
    }

    /** This event, derived from {@code cause}, in the cause's trace (unchanged when the cause has none). */
    public CloudEvent withTraceOf(CloudEvent cause) {
        return cause.traceparent == null ? this : withTrace(cause.traceparent, cause.tracestate);
    }
}
