package dev.eventfold.runtime.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.CloudEventAttributes;
import dev.eventfold.model.EventCodec;
import dev.eventfold.model.HttpBinding;
import dev.eventfold.model.Json;
import dev.eventfold.runtime.observe.EventMetrics;
import dev.eventfold.runtime.observe.EventTracing;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.format.DateTimeFormatter;
import java.util.List;
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
    private static final List<CloudEventAttributes.Attribute> EXTENSIONS = List.of(CloudEventAttributes.ORGID,
            CloudEventAttributes.ACTORID, CloudEventAttributes.TRACEPARENT, CloudEventAttributes.TRACESTATE);

    @Inject
    EventDispatcher dispatcher;
    @Inject
    EventMetrics metrics;
    @Inject
    EventTracing tracing;
    @Inject
    CurrentVertxRequest currentRequest;

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

    /**
     * The Eventfold envelope of a Funqy CloudEvent, validated like every record read from Kafka. In binary mode (what
     * a KafkaSource sends) the request's own {@code ce-*} headers are read through the contract's {@link HttpBinding},
     * percent-decoding and all, with the data Funqy has already parsed; a structured-mode delivery is rebuilt from
     * Funqy's attributes.
     */
    CloudEvent toEvent(io.quarkus.funqy.knative.events.CloudEvent<JsonNode> delivered) {
        RoutingContext request = currentRequest.getCurrent();
        if (request != null && request.request().getHeader("ce-id") != null) {
            return CODEC.decode(HttpBinding.toStructured(request.request().headers(), delivered.data()));
        }
        return fromAttributes(delivered);
    }

    /** A structured-mode delivery as Funqy parsed it (no headers to read: the attributes are JSON members). */
    static CloudEvent fromAttributes(io.quarkus.funqy.knative.events.CloudEvent<JsonNode> delivered) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        put(node, "specversion", delivered.specVersion());
        put(node, "id", delivered.id());
        put(node, "source", delivered.source());
        put(node, "type", delivered.type());
        put(node, "subject", delivered.subject());
        if (delivered.time() != null) {
            // Funqy parsed the time; ISO_OFFSET_DATE_TIME writes it back in RFC 3339 (always with seconds)
            node.put("time", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(delivered.time()));
        }
        put(node, "dataschema", delivered.dataSchema());
        put(node, "datacontenttype", delivered.dataContentType());
        Map<String, String> extensions = delivered.extensions();
        if (extensions != null) {
            for (CloudEventAttributes.Attribute extension : EXTENSIONS) {
                put(node, extension.name(), extensions.get(extension.name()));
            }
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
