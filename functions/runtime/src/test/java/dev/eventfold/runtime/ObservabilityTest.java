package dev.eventfold.runtime;

import dev.eventfold.localstack.EventfoldTestResource;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.runtime.processing.PostgresReadinessCheck;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.eventfold.runtime.TestSupport.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

/** Health reflects PostgreSQL and Kafka; the event counters move with what happens. */
@QuarkusTest
@QuarkusTestResource(value = EventfoldTestResource.class, restrictToAnnotatedClass = false)
class ObservabilityTest {

    private static final String USER_CREATED = "dev.eventfold.user.created";

    @Test
    void readinessIncludesPostgresAndKafkaAndIsUp() {
        RestAssured.get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItem(PostgresReadinessCheck.NAME))
                .body("checks.name", hasItem("Kafka connection health check"))
                .body("checks.name", hasItem("SmallRye Reactive Messaging - readiness check"));
    }

    @Test
    void countersCountAppliedAndDuplicateEvents() {
        double applied = metric("eventfold_events_applied_total", USER_CREATED);
        double duplicates = metric("eventfold_events_duplicates_total", USER_CREATED);
        CloudEvent event = userCreated("user-" + UUID.randomUUID(), "Ada");

        post(event).then().statusCode(204);
        post(event).then().statusCode(204);

        assertThat(metric("eventfold_events_applied_total", USER_CREATED)).isEqualTo(applied + 1);
        assertThat(metric("eventfold_events_duplicates_total", USER_CREATED)).isEqualTo(duplicates + 1);
        assertThat(RestAssured.get("/q/metrics").asString())
                .contains("eventfold_events_processing_seconds_count{function=\"runtime-test\",type=\"" + USER_CREATED + "\"}");
    }

    @Test
    void theKafkaConsumerLagIsExported() {
        produce(java.util.List.of(record(userCreated("user-" + UUID.randomUUID(), "Ada"))));
        eventually("consumer metrics are bound", () ->
                RestAssured.get("/q/metrics").asString().contains("kafka_consumer_fetch_manager_records_lag_max"));
    }

    private static double metric(String name, String type) {
        String body = RestAssured.get("/q/metrics").asString();
        Matcher m = Pattern.compile("^" + name + "\\{function=\"runtime-test\",type=\"" + Pattern.quote(type) + "\"} (\\S+)$",
                Pattern.MULTILINE).matcher(body);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
