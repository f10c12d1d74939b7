package dev.eventfold.webhooks;

import dev.eventfold.model.CloudEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.eventfold.webhooks.TestSupport.eventually;
import static dev.eventfold.webhooks.TestSupport.newOrg;
import static dev.eventfold.webhooks.TestSupport.post;
import static dev.eventfold.webhooks.TestSupport.settle;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retries on the controlled clock: the schedule, Retry-After, 410, timeouts, redirects, exhaustion and replay,
 * and per-subject order while an earlier message retries.
 */
@QuarkusTest
@QuarkusTestResource(value = WebhooksTestResource.class, restrictToAnnotatedClass = false)
class RetryTest {

    private static final List<Duration> SCHEDULE = List.of(Duration.ZERO, Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10));

    @Inject
    TestClock clock;

    /** The endpoint's one message, as the API lists it. */
    private static JsonPath message(TestSupport.Org org, String endpoint) {
        return org.api().get("/endpoints/" + endpoint + "/messages").then().statusCode(200).extract().jsonPath();
    }

    private static int attempts(TestSupport.Org org, String endpoint) {
        return message(org, endpoint).getInt("[0].attempts");
    }

    private static Duration gap(TestSupport.Org org, String endpoint) {
        JsonPath m = message(org, endpoint);
        return Duration.between(Instant.parse(m.getString("[0].lastAttemptAt")), Instant.parse(m.getString("[0].nextAttemptAt")));
    }

    @Test
    void failuresFollowTheScheduleThenFailAndAReplayDelivers() {
        TestSupport.Org org = newOrg();
        try (Receiver receiver = new Receiver().byDefault(Receiver.Reply.status(500)); Receiver notices = new Receiver()) {
            var endpoint = org.endpoint(Map.of("url", receiver.url("/hook"), "types", List.of("dev.eventfold.campaign.*")));
            org.endpoint(Map.of("url", notices.url("/notices"), "types", List.of("dev.eventfold.message.*")));
            CloudEvent stats = org.campaignStats("campaign-1", 1);
            post(stats).then().statusCode(204);
            for (int attempt = 1; attempt < SCHEDULE.size(); attempt++) {
                int done = attempt;
                eventually("attempt " + attempt, () -> attempts(org, endpoint.id()) == done);
                assertThat(gap(org, endpoint.id())).as("delay after attempt " + attempt).isEqualTo(SCHEDULE.get(attempt));
                if (attempt == 1) {
                    settle();
                    assertThat(attempts(org, endpoint.id())).as("not before it is due").isEqualTo(1);
                }
                clock.advance(SCHEDULE.get(attempt));
            }
            eventually("exhausted", () -> "failed".equals(message(org, endpoint.id()).getString("[0].status")));
            assertThat(attempts(org, endpoint.id())).isEqualTo(SCHEDULE.size());
            assertThat(receiver.posts()).hasSize(SCHEDULE.size())
                    .allSatisfy(r -> assertThat(r.header("webhook-id")).isEqualTo(stats.id()));
            org.api().get("/endpoints/" + endpoint.id() + "/messages?status=failed").then().statusCode(200)
                    .body("id", Matchers.contains(stats.id()));
            // the customer hears of it: message.attempt.exhausted, through the deliveries topic, to the endpoint asking
            eventually("the exhaustion notice delivered", () -> notices.posts().size() == 1);
            Receiver.Request notice = notices.posts().get(0);
            assertThat(notice.header("ce-type")).isEqualTo("dev.eventfold.message.attempt.exhausted");
            assertThat(notice.header("ce-subject")).isEqualTo(endpoint.id());
            assertThat(notice.bodyText()).contains("\"messageId\":\"" + stats.id() + "\"", "\"attempts\":8",
                    "\"lastResponseCode\":500");

            receiver.byDefault(Receiver.Reply.status(204));
            org.api().post("/endpoints/" + endpoint.id() + "/messages/" + stats.id() + "/replay").then().statusCode(200)
                    .body("replayed", Matchers.equalTo(1));
            eventually("replayed and delivered", () -> "succeeded".equals(message(org, endpoint.id()).getString("[0].status")));
            assertThat(receiver.posts()).hasSize(SCHEDULE.size() + 1);
            org.api().post("/endpoints/" + endpoint.id() + "/messages/no-such-message/replay").then().statusCode(404);
        }
    }

    @Test
    void a410DisablesTheEndpointAndResumeWithReplaySinceDeliversAgain() {
        TestSupport.Org org = newOrg();
        try (Receiver receiver = new Receiver().then(Receiver.Reply.status(410)); Receiver notices = new Receiver()) {
            var endpoint = org.endpoint(receiver.url("/hook"));
            var noticeEndpoint = org.endpoint(Map.of("url", notices.url("/notices"), "types", List.of("dev.eventfold.endpoint.*")));
            Instant before = clock.instant().minusSeconds(1);
            post(org.campaignStats("campaign-1", 1)).then().statusCode(204);
            eventually("disabled", () -> "disabled".equals(org.api().get("/endpoints/" + endpoint.id()).path("status")));
            assertThat(message(org, endpoint.id()).getString("[0].status")).isEqualTo("failed");
            assertThat(attempts(org, endpoint.id())).isEqualTo(1);
            post(org.campaignStats("campaign-2", 1)).then().statusCode(204);
            settle();
            assertThat(receiver.posts()).hasSize(1);
            assertThat(message(org, endpoint.id()).getList("id")).hasSize(1); // disabled endpoints get no new messages
            assertThat(org.api().get("/endpoints/" + endpoint.id()).<String>path("statusReason")).isEqualTo("410 Gone");
            eventually("the endpoint.disabled notice delivered", () -> notices.posts().size() == 1);
            assertThat(notices.posts().get(0).header("ce-type")).isEqualTo("dev.eventfold.endpoint.disabled");
            assertThat(notices.posts().get(0).header("ce-subject")).isEqualTo(endpoint.id());
            assertThat(notices.posts().get(0).bodyText()).contains("\"endpointId\":\"" + endpoint.id() + "\"");
            assertThat(message(org, noticeEndpoint.id()).getList("type")).containsExactly("dev.eventfold.endpoint.disabled");

            org.api().post("/endpoints/" + endpoint.id() + "/resume").then().statusCode(200)
                    .body("status", Matchers.equalTo("active"));
            org.api().post("/endpoints/" + endpoint.id() + "/replay?since=" + before).then().statusCode(200)
                    .body("replayed", Matchers.equalTo(1));
            eventually("delivered after replay", () -> receiver.posts().size() == 2);
            org.api().post("/endpoints/" + endpoint.id() + "/replay?since=yesterday").then().statusCode(400)
                    .contentType("application/problem+json");
        }
    }

    @Test
    void a429WaitsAsLongAsRetryAfterSays() {
        TestSupport.Org org = newOrg();
        try (Receiver receiver = new Receiver().then(Receiver.Reply.withHeader(429, "Retry-After", "120"))) {
            var endpoint = org.endpoint(receiver.url("/hook"));
            post(org.campaignStats("campaign-1", 1)).then().statusCode(204);
            eventually("first attempt", () -> attempts(org, endpoint.id()) == 1);
            assertThat(gap(org, endpoint.id())).isEqualTo(Duration.ofSeconds(120));
            clock.advance(Duration.ofSeconds(60));
            settle();
            assertThat(receiver.posts()).hasSize(1);
            clock.advance(Duration.ofSeconds(61));
            eventually("delivered once due", () -> "succeeded".equals(message(org, endpoint.id()).getString("[0].status")));
            org.api().get("/endpoints/" + endpoint.id() + "/attempts").then().statusCode(200)
                    .body("responseCode", Matchers.contains(200, 429));
        }
    }

    @Test
    void a5xxIsRetriedAndTheAttemptKeepsTheFirstKilobyteOfTheAnswer() {
        TestSupport.Org org = newOrg();
        String longBody = "x".repeat(3000);
        try (Receiver receiver = new Receiver().then(new Receiver.Reply(503, Map.of(), longBody, 0))) {
            var endpoint = org.endpoint(receiver.url("/hook"));
            post(org.campaignStats("campaign-1", 1)).then().statusCode(204);
            eventually("first attempt", () -> attempts(org, endpoint.id()) == 1);
            assertThat(gap(org, endpoint.id())).isEqualTo(Duration.ofSeconds(5)); // no Retry-After: the schedule
            JsonPath attempt = org.api().get("/endpoints/" + endpoint.id() + "/attempts").then().extract().jsonPath();
            assertThat(attempt.getInt("[0].responseCode")).isEqualTo(503);
            assertThat(attempt.getString("[0].outcome")).isEqualTo("failed");
            assertThat(attempt.getString("[0].responseBody")).hasSize(1024);
            assertThat(attempt.getInt("[0].latencyMs")).isGreaterThanOrEqualTo(0);
            clock.advance(Duration.ofSeconds(5));
            eventually("delivered", () -> "succeeded".equals(message(org, endpoint.id()).getString("[0].status")));
        }
    }

    @Test
    void aTimeoutCountsAsAFailedAttemptAndTheRetryKeepsTheWebhookId() {
        TestSupport.Org org = newOrg();
        try (Receiver receiver = new Receiver().then(Receiver.Reply.slow(3000))) {
            var endpoint = org.endpoint(receiver.url("/hook"));
            CloudEvent stats = org.campaignStats("campaign-1", 1);
            post(stats).then().statusCode(204);
            eventually("first attempt", () -> attempts(org, endpoint.id()) == 1);
            JsonPath attempt = org.api().get("/endpoints/" + endpoint.id() + "/attempts").then().extract().jsonPath();
            assertThat(attempt.getString("[0].error")).contains("timeout");
            assertThat(attempt.getInt("[0].latencyMs")).isBetween(900, 2900);
            clock.advance(Duration.ofSeconds(5));
            eventually("delivered", () -> "succeeded".equals(message(org, endpoint.id()).getString("[0].status")));
            assertThat(receiver.posts()).extracting(r -> r.header("webhook-id")).containsOnly(stats.id());
        }
    }

    @Test
    void redirectsAreNotFollowed() {
        TestSupport.Org org = newOrg();
        try (Receiver receiver = new Receiver()) {
            receiver.then(Receiver.Reply.withHeader(302, "Location", receiver.url("/elsewhere")));
            var endpoint = org.endpoint(receiver.url("/hook"));
            post(org.campaignStats("campaign-1", 1)).then().statusCode(204);
            eventually("first attempt", () -> attempts(org, endpoint.id()) == 1);
            settle();
            assertThat(receiver.requests()).extracting(Receiver.Request::path).containsExactly("/hook");
            assertThat(message(org, endpoint.id()).getString("[0].status")).isEqualTo("pending");
            org.api().get("/endpoints/" + endpoint.id() + "/attempts").then()
                    .body("[0].responseCode", Matchers.equalTo(302));
        }
    }

    @Test
    void aLaterMessageOfTheSameSubjectWaitsWhileAnEarlierOneRetries() {
        TestSupport.Org org = newOrg();
        CloudEvent first = org.campaignStats("campaign-1", 1);
        CloudEvent second = org.campaignStats("campaign-1", 2);
        CloudEvent otherSubject = org.campaignStats("campaign-2", 1);
        AtomicInteger firstTries = new AtomicInteger();
        try (Receiver receiver = new Receiver().rule(r -> first.id().equals(r.header("webhook-id"))
                && firstTries.getAndIncrement() == 0 ? Receiver.Reply.status(500) : null)) {
            var endpoint = org.endpoint(receiver.url("/hook"));
            post(first).then().statusCode(204);
            eventually("first attempt failed", () -> firstTries.get() == 1);
            post(second).then().statusCode(204);
            post(otherSubject).then().statusCode(204);
            eventually("the other subject is not held up", () -> receiver.posts().size() == 2);
            settle();
            assertThat(receiver.posts()).extracting(r -> r.header("webhook-id")).containsExactly(first.id(), otherSubject.id());

            clock.advance(Duration.ofSeconds(5));
            eventually("both of campaign-1 delivered", () -> receiver.posts().size() == 4);
            assertThat(receiver.posts()).extracting(r -> r.header("webhook-id"))
                    .containsExactly(first.id(), otherSubject.id(), first.id(), second.id());
            // the receiver answers before the worker records the attempt: wait for the records
            eventually("all three recorded as succeeded", () -> org.api().get("/endpoints/" + endpoint.id()
                    + "/messages?status=succeeded").jsonPath().getList("id").size() == 3);
        }
    }
}
