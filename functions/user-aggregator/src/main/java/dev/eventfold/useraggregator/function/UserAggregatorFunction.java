package dev.eventfold.useraggregator.function;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventfold.runtime.trigger.FunqyTrigger;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/**
 * The Knative trigger: every CloudEvent a KafkaSource POSTs to {@code /} comes here (one catch-all function, so
 * that types this function does not consume, and the API keys it needs, are answered 204 rather than 404) and
 * goes through the runtime: 204 applied/duplicate/skipped, 400 never applicable, 500 transient.
 */
public class UserAggregatorFunction {

    @Inject
    FunqyTrigger trigger;

    @Funq("user-aggregator")
    public Uni<Void> events(CloudEvent<JsonNode> event) {
        return trigger.handle(event).replaceWithVoid();
    }
}
