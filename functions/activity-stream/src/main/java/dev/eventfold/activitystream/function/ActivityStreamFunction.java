package dev.eventfold.activitystream.function;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventfold.runtime.trigger.FunqyTrigger;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/** The Knative intake: a Trigger posts the API-key events here; the runtime folds them (204, 400, 500). */
public class ActivityStreamFunction {

    @Inject
    FunqyTrigger trigger;

    @Funq(ActivityStreamHandler.FUNCTION_NAME)
    public Uni<Void> events(CloudEvent<JsonNode> event) {
        return trigger.handle(event).replaceWithVoid();
    }
}
