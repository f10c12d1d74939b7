package dev.eventfold.integrations.function;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventfold.runtime.trigger.FunqyTrigger;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/**
 * The Knative trigger: every CloudEvent a KafkaSource POSTs to {@code /} (user states, page views, page.created and the API keys from
 * the events topic) goes through the runtime: 204 applied/duplicate/skipped, 400 never applicable, 500 transient.
 */
public class IntegrationsFunction {

    @Inject
    FunqyTrigger trigger;

    @Funq(IntegrationsHandler.FUNCTION_NAME)
    public Uni<Void> events(CloudEvent<JsonNode> event) {
        return trigger.handle(event).replaceWithVoid();
    }
}
