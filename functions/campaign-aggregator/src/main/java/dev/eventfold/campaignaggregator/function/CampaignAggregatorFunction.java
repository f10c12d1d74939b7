package dev.eventfold.campaignaggregator.function;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventfold.runtime.trigger.FunqyTrigger;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/**
 * The Knative trigger: a KafkaSource pushes each record of the events and enriched-visits topics here as one
 * CloudEvent; the runtime answers 204 (applied, already applied or not consumed), 400 (can never apply) or 500 (retry).
 */
public class CampaignAggregatorFunction {

    public static final String NAME = "campaign-aggregator";

    @Inject
    FunqyTrigger trigger;

    @Funq(NAME)
    public Uni<Void> aggregate(CloudEvent<JsonNode> event) {
        return trigger.handle(event).replaceWithVoid();
    }
}
