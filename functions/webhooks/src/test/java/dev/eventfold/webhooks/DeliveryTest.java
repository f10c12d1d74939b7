package dev.eventfold.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.Json;
import dev.eventfold.model.WebhookVerifier;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import static dev.eventfold.webhooks.TestSupport.eventually;
import static dev.eventfold.webhooks.TestSupport.newOrg;
import static dev.eventfold.webhooks.TestSupport.post;
import static dev.eventfold.webhooks.TestSupport.settle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a receiver gets: a signed CloudEvent (binary or structured), after the validation handshake. */
@QuarkusTest
@QuarkusTestResource(value = WebhooksTestResource.class, restrictToAnnotatedClass = false)
class DeliveryTest {

    @Inject
    TestClock clock;

    private WebhookVerifier verifier(String secret) {
        return new WebhookVerifier(secret, Duration.ofMinutes(5), clock);
    }

    private static void verify(WebhookVerifier verifier, Receiver.Request request) {
        verifier.verify(request::header, request.body());
    }

    @Test
    void binaryModeSignedPerStandardWebhooksVerifiesOnlyWithTheSecretAndAFreshTimestamp() throws Exception {
        TestSupport.Org org = newOrg();
        try (Receiver receiver = new Receiver()) {
            var endpoint = org.endpoint(receiver.url("/hook?token=1"));
            assertThat(endpoint.secret()).startsWith("whsec_");
            assertThat(Base64.getDecoder().decode(endpoint.secret().substring(6))).hasSize(24);
            CloudEvent stats = org.campaignStats("campaign-1", 42);
            post(stats).then().statusCode(204);
            eventually("delivered", () -> receiver.posts().size() == 1);

            Receiver.Request request = receiver.posts().get(0);
            assertThat(request.path()).isEqualTo("/hook?token=1");
            assertThat(request.header("webhook-id")).isEqualTo(stats.id());
            assertThat(request.header("ce-id")).isEqualTo(stats.id());
            assertThat(request.header("ce-type")).isEqualTo(stats.type());
            assertThat(request.header("ce-subject")).isEqualTo("campaign-1");
            assertThat(request.header("ce-specversion")).isEqualTo("1.0");
            assertThat(request.header("ce-source")).isEqualTo(stats.source());
            assertThat(request.header("ce-orgid")).isEqualTo(org.id());
            assertThat(request.header("content-type")).isEqualTo("application/json");
            assertThat(Json.MAPPER.readTree(request.body()).get("views").asLong()).isEqualTo(42);
            assertThat(request.header("webhook-signature")).startsWith("v1,").doesNotContain(" ");

            assertThatCode(() -> verify(verifier(endpoint.secret()), request)).doesNotThrowAnyException();
            String wrong = "whsec_" + Base64.getEncoder().encodeToString(new byte[24]);
            assertThatThrownBy(() -> verify(verifier(wrong), request))
                    .isInstanceOf(WebhookVerifier.InvalidWebhookException.class);
            Clock tenMinutesLater = Clock.offset(clock, Duration.ofMinutes(10));
            assertThatThrownBy(() -> new WebhookVerifier(endpoint.secret(), Duration.ofMinutes(5), tenMinutesLater)
                    .verify(request::header, request.body())).hasMessageContaining("tolerance");
        }
    }

    @Test
    void structuredModeSendsTheWholeEventOnRequest() throws Exception {
        TestSupport.Org org = newOrg();
        try (Receiver receiver = new Receiver()) {
            var endpoint = org.endpoint(Map.of("url", receiver.url("/hook"), "structured", true));
            CloudEvent user = org.userState("user-1");
            post(user).then().statusCode(204);
            eventually("delivered", () -> receiver.posts().size() == 1);
            Receiver.Request request = receiver.posts().get(0);
            assertThat(request.header("content-type")).startsWith("application/cloudevents+json");
            assertThat(request.header("ce-id")).isNull();
            JsonNode body = Json.MAPPER.readTree(request.body());
            assertThat(body.get("id").asText()).isEqualTo(user.id());
            assertThat(body.get("type").asText()).isEqualTo(user.type());
            assertThat(body.get("orgid").asText()).isEqualTo(org.id());
            assertThat(body.get("data").get("name").asText()).isEqualTo("Ada");
            verify(verifier(endpoint.secret()), request);
        }
    }

    @Test
    void afterARotationBothSecretsSignUntilTheGracePeriodEnds() {
        TestSupport.Org org = newOrg();
        try (Receiver receiver = new Receiver()) {
            var endpoint = org.endpoint(receiver.url("/hook"));
            String rotated = org.api().post("/endpoints/" + endpoint.id() + "/secret/rotate")
                    .then().statusCode(200).extract().path("secret");
            assertThat(rotated).startsWith("whsec_").isNotEqualTo(endpoint.secret());
            org.api().get("/endpoints/" + endpoint.id()).then().statusCode(200)
                    .body("secret", Matchers.nullValue());

            post(org.campaignStats("campaign-1", 1)).then().statusCode(204);
            eventually("delivered", () -> receiver.posts().size() == 1);
            Receiver.Request request = receiver.posts().get(0);
            assertThat(request.header("webhook-signature").split(" ")).hasSize(2);
            verify(verifier(rotated), request);
            verify(verifier(endpoint.secret()), request);

            clock.advance(Duration.ofHours(25)); // the grace period (24 h) is over
            post(org.campaignStats("campaign-2", 1)).then().statusCode(204);
            eventually("delivered again", () -> receiver.posts().size() == 2);
            Receiver.Request later = receiver.posts().get(1);
            assertThat(later.header("webhook-signature").split(" ")).hasSize(1);
            verify(verifier(rotated), later);
            assertThatThrownBy(() -> verify(verifier(endpoint.secret()), later))
                    .isInstanceOf(WebhookVerifier.InvalidWebhookException.class);
        }
    }

    @Test
    void theValidationHandshakeComesBeforeTheFirstDeliveryOnly() {
        TestSupport.Org org = newOrg();
        try (Receiver receiver = new Receiver()) {
            var endpoint = org.endpoint(Map.of("url", receiver.url("/hook"), "skipHandshake", false));
            post(org.campaignStats("campaign-1", 1)).then().statusCode(204);
            eventually("delivered", () -> receiver.posts().size() == 1);
            post(org.campaignStats("campaign-2", 1)).then().statusCode(204);
            eventually("delivered again", () -> receiver.posts().size() == 2);
            assertThat(receiver.requests()).extracting(Receiver.Request::method).containsExactly("OPTIONS", "POST", "POST");
            assertThat(receiver.requests().get(0).header("webhook-request-origin")).isEqualTo("webhooks.eventfold.dev");
            org.api().get("/endpoints/" + endpoint.id()).then().body("verified", Matchers.is(true));
        }
    }

    @Test
    void aReceiverThatRefusesTheHandshakeGetsNoDeliveryUnlessTheEndpointSkipsIt() {
        TestSupport.Org org = newOrg();
        try (Receiver refusing = new Receiver().refuseHandshake()) {
            var checked = org.endpoint(Map.of("url", refusing.url("/checked"), "skipHandshake", false));
            org.endpoint(Map.of("url", refusing.url("/skipped"), "skipHandshake", true));
            post(org.campaignStats("campaign-1", 1)).then().statusCode(204);
            eventually("the skipping endpoint got it", () -> refusing.posts().size() == 1);
            eventually("the handshake was tried", () -> refusing.requests().stream().anyMatch(r -> r.method().equals("OPTIONS")));
            settle();
            assertThat(refusing.posts()).extracting(Receiver.Request::path).containsExactly("/skipped");
            org.api().get("/endpoints/" + checked.id() + "/attempts").then().statusCode(200)
                    .body("[0].outcome", Matchers.equalTo("failed"))
                    .body("[0].error", Matchers.containsString("handshake"));
        }
    }
}
