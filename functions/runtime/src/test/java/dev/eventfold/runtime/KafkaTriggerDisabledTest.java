package dev.eventfold.runtime;

import dev.eventfold.localstack.EventfoldTestResource;
import dev.eventfold.model.CloudEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.eventfold.runtime.TestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

/** Under Knative the pull consumer is off: the application starts, serves Funqy, and reads nothing from Kafka. */
@QuarkusTest
@TestProfile(KafkaTriggerDisabledTest.Knative.class)
@QuarkusTestResource(value = EventfoldTestResource.class, restrictToAnnotatedClass = false)
class KafkaTriggerDisabledTest {

    /** What a Knative Service sets. */
    public static class Knative implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("eventfold.kafka-trigger.enabled", "false");
        }
    }

    @Test
    void recordsOnTheEventsTopicAreNotConsumedButHttpEventsAreApplied() throws InterruptedException {
        String subject = "user-" + UUID.randomUUID();
        produce(List.of(record(userCreated(subject, "Ada"))));
        CloudEvent viaHttp = userCreated("http-" + subject, "Grace");

        post(viaHttp).then().statusCode(204);
        Thread.sleep(3000); // the enabled trigger applies a record within a second or two (see KafkaTriggerTest)

        assertThat(counter("http-" + subject)).isEqualTo(1);
        assertThat(counter(subject)).isEqualTo(-1);
    }
}
