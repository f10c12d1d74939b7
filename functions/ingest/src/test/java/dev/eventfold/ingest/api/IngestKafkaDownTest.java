package dev.eventfold.ingest.api;

import dev.eventfold.ingest.IngestTestResource;
import dev.eventfold.localstack.KafkaBroker;
import dev.eventfold.runtime.tenancy.ApiKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static dev.eventfold.ingest.api.IngestResourceTest.bytes;
import static dev.eventfold.ingest.api.IngestResourceTest.userCreated;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Kafka unreachable: ingest acknowledges nothing Kafka did not take, and says when to try again. */
@QuarkusTest
@QuarkusTestResource(value = IngestKafkaDownTest.UnreachableKafka.class, restrictToAnnotatedClass = true)
class IngestKafkaDownTest {

    /** The usual test stack, but the application's Kafka is a port nothing listens on. */
    public static class UnreachableKafka extends IngestTestResource {
        /**
         * Started after the module-wide IngestTestResource that IngestResourceTest declares (which applies here too),
         * so that this Kafka address is the one that wins whatever order the test classes run in.
         */
        @Override
        public int order() {
            return 1;
        }

        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            config.put("kafka.bootstrap.servers", KafkaBroker.unreachableBootstrapServers());
            config.put("eventfold.ingest.publish-timeout", "2s");
            return config;
        }
    }

    @Test
    void anEventKafkaDoesNotTakeIsAnswered503WithRetryAfter() throws SQLException {
        // the admin API needs Kafka too, so the organization and its key go straight into ingest's tables
        String orgId = UUID.randomUUID().toString();
        String key = "ef_test_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = db();
             PreparedStatement org = c.prepareStatement("INSERT INTO ingest.organizations (id, name) VALUES (?, ?)");
             PreparedStatement apiKey = c.prepareStatement(
                     "INSERT INTO ingest.api_keys (key_hash, org_id, label, created_at) VALUES (?, ?, 'test', now())")) {
            org.setString(1, orgId);
            org.setString(2, "Unreachable Inc");
            org.executeUpdate();
            apiKey.setString(1, ApiKeys.hash(IngestTestResource.PEPPER, key));
            apiKey.setString(2, orgId);
            apiKey.executeUpdate();
        }

        Response response = given().header("X-Api-Key", key).contentType("application/cloudevents+json")
                .body(bytes(userCreated("user-" + UUID.randomUUID(), "ada@example.com"))).post("/events");

        assertThat(response.statusCode()).as(response.asString()).isEqualTo(503);
        assertThat(response.header("Retry-After")).isNotBlank();
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getInt("status")).isEqualTo(503);
    }

    @Test
    void anOrganizationWhoseEventsCannotBePublishedIsNotKept() throws SQLException {
        String name = "Down " + UUID.randomUUID();

        Response response = given().header("X-Admin-Token", IngestTestResource.ADMIN_TOKEN)
                .contentType("application/json").body("{\"name\":\"" + name + "\"}").post("/admin/organizations");

        assertThat(response.statusCode()).as(response.asString()).isEqualTo(503);
        try (Connection c = db();
             PreparedStatement s = c.prepareStatement("SELECT count(*) FROM ingest.organizations WHERE name = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
        }
    }

    private static Connection db() throws SQLException {
        var config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
    }
}
