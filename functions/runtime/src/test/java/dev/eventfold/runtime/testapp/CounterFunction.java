package dev.eventfold.runtime.testapp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventfold.runtime.trigger.FunqyTrigger;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

/** The test function's Knative entry point: every CloudEvent posted to / goes through the runtime. */
public class CounterFunction {

    @Inject
    FunqyTrigger trigger;

    @Funq("runtime-test")
    public Uni<Void> events(CloudEvent<JsonNode> event) {
        return trigger.handle(event).replaceWithVoid();
    }
}
