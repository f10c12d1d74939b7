package dev.eventfold.geoenricher.function;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventfold.geoenricher.domain.GeoEnricher;
import dev.eventfold.runtime.trigger.FunqyTrigger;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/**
 * The Knative trigger: one CloudEvent per HTTP request (from a Trigger or KafkaSource), enriched by
 * {@link GeoEnricherHandler} and emitted to Kafka. Answers 204 with no body once the broker acknowledged the
 * enriched event (a reply would be written back into the Broker's topic), 400 problem+json for an event that can
 * never apply, 500 when Kafka failed so that the sender retries; the enriched event's id is deterministic.
 */
public class GeoEnricherFunction {

    @Inject
    FunqyTrigger trigger;

    @Funq(GeoEnricher.FUNCTION_NAME)
    public Uni<Void> enrich(CloudEvent<JsonNode> event) {
        return trigger.handle(event).replaceWithVoid();
    }
}
