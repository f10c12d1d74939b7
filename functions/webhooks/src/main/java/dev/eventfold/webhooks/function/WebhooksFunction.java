package dev.eventfold.webhooks.function;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventfold.runtime.trigger.FunqyTrigger;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/**
 * The Knative trigger: every CloudEvent a KafkaSource POSTs to {@code /} (derived events, and the API keys from
 * the events topic) goes through the runtime: 204 applied/duplicate/skipped, 400 never applicable, 500 transient.
 */
public class WebhooksFunction {

    @Inject
    FunqyTrigger trigger;

    @Funq(WebhooksHandler.FUNCTION_NAME)
    public Uni<Void> events(CloudEvent<JsonNode> event) {
        return trigger.handle(event).replaceWithVoid();
    }
}
