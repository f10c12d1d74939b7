package dev.eventfold.runtime;

import dev.eventfold.localstack.EventfoldTestResource;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.KafkaBinding;
import dev.eventfold.model.Topic;
import dev.eventfold.runtime.emit.DeadLetterHeaders;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.eventfold.runtime.TestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database outage outlasts the KafkaSource's retries, so it dead-letters the event; once the database is back,
 * a redrive of the window re-applies exactly this function's dead letters, and a second redrive changes nothing.
 */
@QuarkusTest
@TestProfile(RedriveTest.WithAdminToken.class)
@QuarkusTestResource(value = EventfoldTestResource.class, restrictToAnnotatedClass = false)
class RedriveTest {

    static final String TOKEN = "test-admin-token";

    public static class WithAdminToken implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("eventfold.admin.token", TOKEN);
        }
    }

    @Test
    void anOutageLongerThanTheRetriesThenARedriveEndsLikeACleanRun() {
        String run = UUID.randomUUID().toString();
        Instant before = Instant.now().minusSeconds(1);
        CloudEvent duringOutage = userCreated("o-" + run, "Ada");
        CloudEvent viaKafka = userCreated("k-" + run, "Grace");
        CloudEvent notOurs = userCreated("n-" + run, "Mallory");
        CloudEvent alreadyApplied = userCreated("a-" + run, "Alan");
        post(alreadyApplied).then().statusCode(204);

        execute("ALTER TABLE runtime_test.counters RENAME TO counters_down");
        try {
            post(duringOutage).then().statusCode(500); // the KafkaSource retries this until it gives up
        } finally {
            execute("ALTER TABLE runtime_test.counters_down RENAME TO counters");
        }
        // what the KafkaSource's dead-letter sink and another function's Kafka trigger wrote
        produce(List.of(
                knativeDeadLetter(duringOutage, "http://runtime-test.eventfold.svc.cluster.local"),
                knativeDeadLetter(alreadyApplied, "http://runtime-test.eventfold.svc.cluster.local"),
                kafkaDeadLetter(viaKafka, "runtime-test"),
                kafkaDeadLetter(notOurs, "another-function"),
                knativeDeadLetter(notOurs, "http://runtime-test-shadow.eventfold.svc.cluster.local")));
        String after = Instant.now().plusSeconds(1).toString();

        Response first = redrive(TOKEN, before.toString(), after);
        Response second = redrive(TOKEN, before.toString(), after);

        assertThat(first.statusCode()).as(first.asString()).isEqualTo(200);
        assertThat(first.jsonPath().getLong("matched")).isEqualTo(3);
        assertThat(first.jsonPath().getLong("applied")).isEqualTo(2);
        assertThat(first.jsonPath().getLong("duplicates")).isEqualTo(1);
        assertThat(second.jsonPath().getLong("applied")).isZero();
        assertThat(second.jsonPath().getLong("duplicates")).isEqualTo(3);
        assertThat(counter(duringOutage.subject())).isEqualTo(1);
        assertThat(counter(viaKafka.subject())).isEqualTo(1);
        assertThat(counter(alreadyApplied.subject())).isEqualTo(1);
        assertThat(queryLong("SELECT count(*) FROM runtime_test.counters WHERE subject = ?", notOurs.subject())).isZero();
    }

    @Test
    void withoutTheTokenOrAWindowNothingIsRedriven() {
        assertThat(redrive(null, "2026-01-01T00:00:00Z", null).statusCode()).isEqualTo(401);
        assertThat(redrive("wrong", "2026-01-01T00:00:00Z", null).statusCode()).isEqualTo(401);
        Response noWindow = redrive(TOKEN, null, null);
        assertThat(noWindow.statusCode()).isEqualTo(400);
        assertThat(noWindow.jsonPath().getList("errors.field", String.class)).containsExactly("query.from");
    }

    private static Response redrive(String token, String from, String to) {
        var request = RestAssured.given();
        if (token != null) {
            request = request.header("X-Admin-Token", token);
        }
        if (from != null) {
            request = request.queryParam("from", from);
        }
        if (to != null) {
            request = request.queryParam("to", to);
        }
        return request.post("/admin/redrive");
    }

    private static ProducerRecord<String, byte[]> knativeDeadLetter(CloudEvent event, String destination) {
        ProducerRecord<String, byte[]> record = KafkaBinding.toRecord(topic(Topic.DEAD_LETTER), event);
        record.headers().add("ce_knativeerrordest", destination.getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_knativeerrorcode", "500".getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static ProducerRecord<String, byte[]> kafkaDeadLetter(CloudEvent event, String function) {
        ProducerRecord<String, byte[]> record = KafkaBinding.toRecord(topic(Topic.DEAD_LETTER), event);
        record.headers().add(DeadLetterHeaders.FUNCTION, function.getBytes(StandardCharsets.UTF_8));
        record.headers().add(DeadLetterHeaders.REASON, "database unavailable".getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
