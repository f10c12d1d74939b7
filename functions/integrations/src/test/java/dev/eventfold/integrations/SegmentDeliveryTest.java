package dev.eventfold.integrations;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.Json;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.eventfold.integrations.TestSupport.eventually;
import static dev.eventfold.integrations.TestSupport.messages;
import static dev.eventfold.integrations.TestSupport.newOrg;
import static dev.eventfold.integrations.TestSupport.post;
import static dev.eventfold.integrations.TestSupport.query;
import static dev.eventfold.integrations.TestSupport.settle;
import static org.assertj.core.api.Assertions.assertThat;

/** The Segment-spec batch endpoint: write key as Basic user, 429 honours Retry-After, tenants never cross. */
@QuarkusTest
@QuarkusTestResource(value = IntegrationsTestResource.class, restrictToAnnotatedClass = false)
class SegmentDeliveryTest {

    @Test
    void aRateLimitedBatchWaitsForRetryAfterThenGoesAgainUnchanged() throws Exception {
        TestSupport.Org org = newOrg();
        try (FakeTool segment = new FakeTool("{\"success\":true}")) {
            segment.then(new FakeTool.Reply(429, Map.of("Retry-After", "2"), ""));
            String id = org.destination("segment", segment.baseUrl(), "wk_live_1", Map.of());

            CloudEvent user = org.user("u1", "ada@example.com", "Ada Lovelace");
            post(user);
            eventually("delivered after the 429", () -> messages(id, "succeeded") == 1);

            assertThat(segment.requests()).hasSize(2);
            FakeTool.Request first = segment.requests().get(0);
            FakeTool.Request again = segment.requests().get(1);
            // the retry schedule alone would have sent it again after 300 ms
            assertThat(Duration.between(first.receivedAt(), again.receivedAt())).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
            assertThat(again.body()).isEqualTo(first.body());
            assertThat(first.path()).isEqualTo("/v1/batch");
            assertThat(first.header("authorization")).isEqualTo("Basic d2tfbGl2ZV8xOg=="); // base64("wk_live_1:")
            assertThat(Json.MAPPER.readTree(first.body())).isEqualTo(Json.MAPPER.readTree("""
                    {"batch":[{"type":"identify","userId":"u1","messageId":"%s","timestamp":"2026-03-01T10:15:30Z",
                      "traits":{"email":"ada@example.com","name":"Ada Lovelace","firstName":"Ada","lastName":"Lovelace",
                        "roles":"admin","loginCount":2,"createdAt":"2026-03-01T10:15:30Z"}}]}""".formatted(user.id())));
            assertThat(((Number) query("SELECT count(*) FROM integrations.delivery_attempts WHERE destination_id = ?::uuid AND response_code = 429", id))
                    .intValue()).isEqualTo(1);
        }
    }

    @Test
    void oneOrganizationsEventsNeverReachAnothersDestination() throws Exception {
        TestSupport.Org alice = newOrg();
        TestSupport.Org bob = newOrg();
        try (FakeTool aliceTool = new FakeTool("{}"); FakeTool bobTool = new FakeTool("{}")) {
            alice.destination("segment", aliceTool.baseUrl(), "wk_alice", Map.of());
            bob.destination("segment", bobTool.baseUrl(), "wk_bob", Map.of());

            post(alice.user("u1", "alice-user@example.com", "A"));
            post(bob.user("u1", "bob-user@example.com", "B")); // the same user id in another organization
            eventually("each delivered", () -> aliceTool.requests().size() == 1 && bobTool.requests().size() == 1);
            settle();

            assertThat(aliceTool.requests()).hasSize(1);
            assertThat(bobTool.requests()).hasSize(1);
            assertThat(aliceTool.requests().get(0).body()).contains("alice-user@example.com").doesNotContain("bob-user");
            assertThat(aliceTool.requests().get(0).header("authorization")).isEqualTo(basic("wk_alice"));
            assertThat(bobTool.requests().get(0).body()).contains("bob-user@example.com").doesNotContain("alice-user");
            assertThat(bobTool.requests().get(0).header("authorization")).isEqualTo(basic("wk_bob"));
        }
    }

    static String basic(String writeKey) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((writeKey + ":").getBytes());
    }
}
