package dev.eventfold.geoenricher.function;

import dev.eventfold.localstack.KafkaBroker;
import dev.eventfold.model.EventType;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/**
 * When Kafka does not take the enriched event, the Knative trigger answers 5xx so that the KafkaSource retries:
 * here the producer points at a loopback port where no broker listens.
 */
@QuarkusTest
@TestProfile(GeoEnricherKafkaDownTest.NoBroker.class)
class GeoEnricherKafkaDownTest {

    public static class NoBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "eventfold.kafka-trigger.enabled", "false",
                    "kafka.bootstrap.servers", KafkaBroker.unreachableBootstrapServers(),
                    "kafka.max.block.ms", "1500",
                    "kafka.request.timeout.ms", "1000",
                    "kafka.delivery.timeout.ms", "2000");
        }
    }

    @Test
    void a_kafka_failure_is_answered_500() {
        given()
                .header("ce-specversion", "1.0")
                .header("ce-id", UUID.randomUUID().toString())
                .header("ce-type", EventType.PAGE_VIEWED.type())
                .header("ce-source", "/pixel")
                .header("ce-subject", "page-down")
                .header("ce-time", "2026-11-30T10:15:30Z")
                .header("ce-orgid", "org-1")
                .contentType("application/json")
                .body("{\"ip\":\"81.2.69.142\"}")
                .post("/")
                .then()
                .statusCode(500);
    }
}
