package dev.eventfold.runtime.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventCodec;
import dev.eventfold.model.Json;
import dev.eventfold.runtime.observe.EventMetrics;
import dev.eventfold.runtime.observe.EventTracing;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;

/**
 * The Knative trigger every function's {@code @Funq} method delegates to: rebuilds and validates the CloudEvent
 * the KafkaSource delivered and hands it to the application's {@link EventDispatcher}. Applied, duplicate or
 * skipped completes (2xx); an event that can never apply fails with a ValidationException, answered 400 by
 * {@link dev.eventfold.runtime.http.FunqyFailureMapping}; anything else is a 500, which the KafkaSource retries.
 */
@ApplicationScoped
public class FunqyTrigger {

    private static final EventCodec CODEC = EventCodec.internal();

    @Inject
    EventDispatcher dispatcher;
    @Inject
    EventMetrics metrics;
    @Inject
    EventTracing tracing;

    /**
     * Processes one delivered CloudEvent; the Uni completes once its effect is durable (committed by a stateful
     * function, acknowledged by Kafka for a stateless one). An event of a type the function does not consume is
     * skipped without being validated: whether it is valid is not this function's to judge.
     */
    public Uni<Outcome> handle(io.quarkus.funqy.knative.events.CloudEvent<JsonNode> delivered) {
        if (delivered.type() != null && !dispatcher.accepts(delivered.type())) {
            metrics.outcome(Outcome.SKIPPED, delivered.type());
            return Uni.createFrom().item(Outcome.SKIPPED);
        }
        EventTracing.Traced traced = tracing.start(toEvent(delivered), "funqy");
        return dispatcher.deliver(traced.event()).onTermination().invoke((outcome, failure, cancelled) -> traced.end(failure));
    }

    /** The Eventfold envelope of a Funqy CloudEvent, validated like every record read from Kafka. */
    public static CloudEvent toEvent(io.quarkus.funqy.knative.events.CloudEvent<JsonNode> delivered) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        put(node, "specversion", delivered.specVersion());
        put(node, "id", delivered.id());
        put(node, "source", delivered.source());
        put(node, "type", delivered.type());
        put(node, "subject", delivered.subject());
        if (delivered.time() != null) {
            node.put("time", delivered.time().toString());
        }
        put(node, "datacontenttype", delivered.dataContentType());
        Map<String, String> extensions = delivered.extensions();
        if (extensions != null) {
            put(node, "orgid", extensions.get("orgid"));
            put(node, "actorid", extensions.get("actorid"));
            put(node, "traceparent", extensions.get("traceparent"));
            put(node, "tracestate", extensions.get("tracestate"));
        }
        if (delivered.data() != null) {
            node.set("data", delivered.data());
        }
        return CODEC.decode(node);
    }

    private static void put(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }
}
