package dev.eventfold.webhooks;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.eventfold.webhooks.TestSupport.eventually;
import static dev.eventfold.webhooks.TestSupport.newOrg;
import static dev.eventfold.webhooks.TestSupport.post;
import static dev.eventfold.webhooks.TestSupport.settle;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rate a receiver allows in the validation handshake ({@code WebHook-Allowed-Rate}, per minute) holds its
 * deliveries, counted with the controlled clock: the rate bucket runs on it, so a minute passes only when the test
 * says so (real time adds a token per minute, far more than the test lasts).
 */
@QuarkusTest
@QuarkusTestResource(value = WebhooksTestResource.class, restrictToAnnotatedClass = false)
class AllowedRateTest {

    @Inject
    TestClock clock;

    @Test
    void theReceiversAllowedRateHoldsItsDeliveriesToThatManyPerMinute() {
        TestSupport.Org org = newOrg();
        try (Receiver receiver = new Receiver().allowRate("1")) {
            var endpoint = org.endpoint(Map.of("url", receiver.url("/hook"), "skipHandshake", false));
            post(org.campaignStats("campaign-0", 1)).then().statusCode(204);
            eventually("handshake, then the first delivery", () -> receiver.posts().size() == 1);
            org.api().get("/endpoints/" + endpoint.id()).then().body("allowedRate", Matchers.is(1));

            for (int i = 1; i <= 3; i++) {
                post(org.campaignStats("campaign-" + i, 1)).then().statusCode(204);
            }
            eventually("the bucket's one token", () -> receiver.posts().size() == 2);
            settle();
            assertThat(receiver.posts()).as("one per minute: the rest wait").hasSize(2);

            clock.advance(Duration.ofMinutes(1));
            eventually("a minute later, one more", () -> receiver.posts().size() == 3);
            settle();
            assertThat(receiver.posts()).as("and only one").hasSize(3);

            clock.advance(Duration.ofMinutes(1));
            eventually("the last one", () -> receiver.posts().size() == 4);
            assertThat(receiver.requests().stream().filter(r -> r.method().equals("OPTIONS")).count())
                    .as("one handshake").isEqualTo(1);
        }
    }

    @Test
    void aReceiverThatAllowsAnyRateIsHeldOnlyByTheEndpointsOwnLimit() {
        TestSupport.Org org = newOrg();
        try (Receiver receiver = new Receiver().allowRate("*")) {
            var endpoint = org.endpoint(Map.of("url", receiver.url("/hook"), "skipHandshake", false));
            post(org.campaignStats("campaign-0", 1)).then().statusCode(204);
            eventually("delivered", () -> receiver.posts().size() == 1);
            org.api().get("/endpoints/" + endpoint.id()).then().body("allowedRate", Matchers.nullValue());
            for (int i = 1; i <= 5; i++) {
                post(org.campaignStats("campaign-" + i, 1)).then().statusCode(204);
            }
            eventually("all without waiting for the clock", () -> receiver.posts().size() == 6);
        }
    }
}
