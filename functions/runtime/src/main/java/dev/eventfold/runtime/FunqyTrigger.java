package dev.eventfold.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventCodec;
import dev.eventfold.model.Json;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;

/**
 * The Knative trigger every function's {@code @Funq} method delegates to: rebuilds and validates the CloudEvent
 * the KafkaSource delivered and processes it. Applied or duplicate completes (2xx); an event that can never
 * apply fails with a ValidationException, answered 400 by {@link FunqyFailureMapping}; anything else is a 500.
 * Funqy calls on a worker thread; the processing runs on the Vert.x event loop ({@link VertxContexts}).
 */
@ApplicationScoped
public class FunqyTrigger {

    private static final EventCodec CODEC = EventCodec.internal();

    @Inject
    GroupCommit groupCommit;

    /**
     * Processes one delivered CloudEvent, in one transaction with the deliveries that arrived meanwhile
     * ({@link GroupCommit}); the Uni completes once it is committed. Its derived events are in the outbox then
     * and leave for Kafka right after, in commit order ({@link OutboxRelay}).
     */
    public Uni<Outcome> handle(io.quarkus.funqy.knative.events.CloudEvent<JsonNode> delivered) {
        return groupCommit.submit(toEvent(delivered));
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
