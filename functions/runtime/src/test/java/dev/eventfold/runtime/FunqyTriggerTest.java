package dev.eventfold.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventfold.localstack.EventfoldTestResource;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.DerivedIds;
import dev.eventfold.model.EventType;
import dev.eventfold.model.HttpBinding;
import dev.eventfold.model.Json;
import dev.eventfold.model.KafkaBinding;
import dev.eventfold.model.Topic;
import dev.eventfold.runtime.http.Problem;
import dev.eventfold.runtime.testapp.CounterHandler;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.eventfold.runtime.TestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The Knative path: binary-mode CloudEvents over HTTP, answered 2xx / 4xx / 5xx. */
@QuarkusTest
@QuarkusTestResource(value = EventfoldTestResource.class, restrictToAnnotatedClass = false)
class FunqyTriggerTest {

    @Test
    void appliesANewEventOnceAndEmitsItsDerivedEventWithADeterministicId() throws Exception {
        String subject = "user-" + UUID.randomUUID();
        CloudEvent event = userCreated(subject, "Ada");

        post(event).then().statusCode(204);
        post(event).then().statusCode(204);

        assertThat(counter(subject)).isEqualTo(1);
        String derivedId = DerivedIds.derivedId(CounterHandler.NAME, event);
        List<ConsumerRecord<String, byte[]>> users = read(Topic.USERS,
                seen -> seen.stream().anyMatch(r -> derivedId.equals(header(r, "ce_id"))), Duration.ofSeconds(20));
        List<ConsumerRecord<String, byte[]>> mine = users.stream().filter(r -> derivedId.equals(header(r, "ce_id"))).toList();
        assertThat(mine).hasSize(1);
        ConsumerRecord<String, byte[]> record = mine.get(0);
        assertThat(record.key()).isEqualTo(ORG + "/" + subject);
        assertThat(header(record, "ce_type")).isEqualTo(EventType.USER_STATE_UPDATED.type());
        assertThat(header(record, "ce_orgid")).isEqualTo(ORG);
        JsonNode data = Json.MAPPER.readTree(record.value());
        assertThat(data.get("name").asText()).isEqualTo("Ada");
        assertThat(data.get("loginCount").asLong()).isEqualTo(1);
        assertThat(KafkaBinding.fromRecord(dev.eventfold.model.EventCodec.internal(), record).id()).isEqualTo(derivedId);
        eventually("the sent outbox row is deleted", () -> queryLong("SELECT count(*) FROM runtime_test.outbox") == 0);
    }

    @Test
    void withTracingOffTheDerivedEventKeepsTheTraceOfItsEvent() {
        String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        CloudEvent event = userCreated("user-" + UUID.randomUUID(), "Ada").withTrace(traceparent, "vendor=x");

        post(event).then().statusCode(204);

        String derivedId = DerivedIds.derivedId(CounterHandler.NAME, event);
        ConsumerRecord<String, byte[]> derived = read(Topic.USERS,
                seen -> seen.stream().anyMatch(r -> derivedId.equals(header(r, "ce_id"))), Duration.ofSeconds(20))
                .stream().filter(r -> derivedId.equals(header(r, "ce_id"))).findFirst().orElseThrow();
        assertThat(header(derived, "ce_traceparent")).isEqualTo(traceparent);
        assertThat(header(derived, "ce_tracestate")).isEqualTo("vendor=x");
    }

    @Test
    void binaryModeHeadersAreReadByTheContractsHttpBindingPercentDecodingIncluded() {
        String subject = "user Zürich " + UUID.randomUUID();
        CloudEvent event = userCreated(subject, "Ada");
        Map<String, String> headers = HttpBinding.headers(event);
        assertThat(headers.get("ce-subject")).contains("%20").contains("%C3%BC");

        io.restassured.RestAssured.given().headers(headers).body(HttpBinding.body(event)).post("/")
                .then().statusCode(204);

        assertThat(counter(subject)).isEqualTo(1);
    }

    @Test
    void aStructuredModeDeliveryAtAWholeMinuteIsAcceptedAsTheTimeItNames() {
        String subject = "user-" + UUID.randomUUID();
        CloudEvent event = new CloudEvent(UUID.randomUUID().toString(), "/test", EventType.USER_CREATED.type(), subject,
                java.time.Instant.parse("2026-01-01T00:00:00Z"), ORG, null,
                Json.MAPPER.valueToTree(new dev.eventfold.model.payload.UserCreated("Ada", "ada@example.com", List.of())));

        io.restassured.RestAssured.given().contentType("application/cloudevents+json")
                .body(HttpBinding.structuredBody(event)).post("/").then().statusCode(204);

        assertThat(queryLong("SELECT count(*) FROM runtime_test.counters WHERE subject = ?", subject)).isEqualTo(1);
    }

    @Test
    void theHandlerRunsOnTheVertxEventLoopThoughFunqyCallsOnAWorkerThread() {
        CounterHandler.lastApplyOnEventLoop = false;

        post(userCreated("user-" + UUID.randomUUID(), "Ada")).then().statusCode(204);

        assertThat(CounterHandler.lastApplyOnEventLoop).isTrue();
    }

    @Test
    void aSecondEventForTheSameSubjectIsFoldedIn() {
        String subject = "user-" + UUID.randomUUID();
        post(userCreated(subject, "Ada")).then().statusCode(204);
        post(userCreated(subject, "Grace")).then().statusCode(204);

        assertThat(counter(subject)).isEqualTo(2);
        assertThat(queryLong("SELECT count(*) FROM runtime_test.counters WHERE subject = ? AND last_name = 'Grace'", subject))
                .isEqualTo(1);
    }

    @Test
    void anEventTypeTheFunctionDoesNotConsumeIsSkippedWithoutATrace() {
        CloudEvent event = pageViewed("page-" + UUID.randomUUID());

        post(event).then().statusCode(204);

        assertThat(processed(event.id())).isFalse();
    }

    @Test
    void anInvalidPayloadIsRejectedWith400ListingEveryProblemAndStoresNothing() {
        String subject = "user-" + UUID.randomUUID();
        String id = UUID.randomUUID().toString();

        io.restassured.RestAssured.given()
                .header("ce-specversion", "1.0").header("ce-id", id).header("ce-source", "/test")
                .header("ce-type", EventType.USER_CREATED.type()).header("ce-subject", subject)
                .header("ce-time", "2026-01-01T00:00:00Z").header("ce-orgid", ORG)
                .contentType("application/json")
                .body("{\"email\": 42}")
                .post("/")
                .then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("status", org.hamcrest.Matchers.is(400))
                .body("errors.field", org.hamcrest.Matchers.hasItems("data.name", "data.email", "data.roles"));

        assertThat(processed(id)).isFalse();
        assertThat(counter(subject)).isEqualTo(-1);
    }

    @Test
    void anEventWithoutOrganizationIsRejectedWith400() {
        CloudEvent event = userCreated("user-" + UUID.randomUUID(), "Ada").withOrgId(null);

        post(event).then().statusCode(400).body("errors.field", org.hamcrest.Matchers.hasItem("orgid"));
    }

    @Test
    void anEventTheHandlerRejectsIsAnswered400AndLeavesNoDedupRecord() {
        CloudEvent event = userCreated("user-" + UUID.randomUUID(), CounterHandler.POISON);

        post(event).then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("errors[0].field", org.hamcrest.Matchers.is("data.name"))
                .body("errors[0].message", org.hamcrest.Matchers.is("is poison"));

        assertThat(processed(event.id())).isFalse();
    }

    @Test
    void aDatabaseFaultIsAnswered500AndTheRedeliveryIsApplied() {
        String subject = "user-" + UUID.randomUUID();
        CloudEvent event = userCreated(subject, "Ada");
        execute("ALTER TABLE runtime_test.counters RENAME TO counters_away");
        try {
            post(event).then().statusCode(500);
        } finally {
            execute("ALTER TABLE runtime_test.counters_away RENAME TO counters");
        }
        assertThat(processed(event.id())).isFalse();

        post(event).then().statusCode(204);

        assertThat(counter(subject)).isEqualTo(1);
    }
}
