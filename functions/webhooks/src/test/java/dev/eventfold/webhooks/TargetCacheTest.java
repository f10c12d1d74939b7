package dev.eventfold.webhooks;

import dev.eventfold.model.WebhookVerifier;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.eventfold.webhooks.TestSupport.eventually;
import static dev.eventfold.webhooks.TestSupport.newOrg;
import static dev.eventfold.webhooks.TestSupport.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The transport keeps endpoints' targets between deliveries; a rotation or a new URL is seen by the very next
 * delivery (the destination's version moved), never after a stale one.
 */
@QuarkusTest
@QuarkusTestResource(value = WebhooksTestResource.class, restrictToAnnotatedClass = false)
class TargetCacheTest {

    @Inject
    TestClock clock;

    @Test
    void aRotationAndANewUrlApplyFromTheNextDelivery() {
        TestSupport.Org org = newOrg();
        try (Receiver first = new Receiver(); Receiver second = new Receiver()) {
            var endpoint = org.endpoint(first.url("/hook"));
            post(org.campaignStats("campaign-1", 1)).then().statusCode(204);
            eventually("delivered", () -> first.posts().size() == 1);
            assertThat(first.posts().get(0).header("webhook-signature").split(" ")).hasSize(1);

            String rotated = org.api().post("/endpoints/" + endpoint.id() + "/secret/rotate")
                    .then().statusCode(200).extract().path("secret");
            post(org.campaignStats("campaign-2", 1)).then().statusCode(204);
            eventually("delivered after the rotation", () -> first.posts().size() == 2);
            Receiver.Request afterRotation = first.posts().get(1);
            assertThat(afterRotation.header("webhook-signature").split(" ")).as("new and old secret").hasSize(2);
            assertThatCode(() -> new WebhookVerifier(rotated, Duration.ofMinutes(5), clock)
                    .verify(afterRotation::header, afterRotation.body())).doesNotThrowAnyException();

            org.api().body(Map.of("url", second.url("/moved"))).patch("/endpoints/" + endpoint.id()).then().statusCode(200);
            post(org.campaignStats("campaign-3", 1)).then().statusCode(204);
            eventually("delivered to the new URL", () -> second.posts().size() == 1);
            assertThat(first.posts()).hasSize(2);
            assertThat(second.posts().get(0).path()).isEqualTo("/moved");
        }
    }
}
