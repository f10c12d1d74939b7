package dev.eventfold.webhooks;

import dev.eventfold.localstack.EventfoldTestResource;
import dev.eventfold.localstack.TestKafka;
import dev.eventfold.localstack.testing.CloudEventRequests;
import dev.eventfold.localstack.testing.TestSettings;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.model.KafkaBinding;
import dev.eventfold.model.Topic;
import dev.eventfold.model.payload.CampaignStatsUpdated;
import dev.eventfold.model.payload.UserState;
import dev.eventfold.runtime.tenancy.ApiKeys;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/** What the Quarkus tests share: organizations with API keys, derived events over HTTP and Kafka, endpoints, the database. */
final class TestSupport {

    private TestSupport() {
    }

    /** An organization of its own for one test, with an API key the function knows. */
    record Org(String id, String key) {
        RequestSpecification api() {
            return RestAssured.given().header(ApiKeys.HEADER, key).contentType(ContentType.JSON);
        }

        /** Creates an endpoint (handshake skipped unless the body says otherwise) and returns id and secret. */
        Endpoint endpoint(Map<String, Object> body) {
            Map<String, Object> request = new java.util.HashMap<>(Map.of("skipHandshake", true));
            request.putAll(body);
            Response created = api().body(request).post("/endpoints");
            created.then().statusCode(201);
            return new Endpoint(created.path("id"), created.path("secret"));
        }

        Endpoint endpoint(String url) {
            return endpoint(Map.of("url", url));
        }

        CloudEvent campaignStats(String campaignId, long views) {
            return CloudEvent.of(UUID.randomUUID().toString(), "/functions/campaign-aggregator",
                    EventType.CAMPAIGN_STATS_UPDATED, campaignId, Instant.now(), id, null,
                    new CampaignStatsUpdated(campaignId, 10, 10, 5, 0.5, views, 3, 1));
        }

        CloudEvent userState(String userId) {
            Instant now = Instant.now();
            return CloudEvent.of(UUID.randomUUID().toString(), "/functions/user-aggregator",
                    EventType.USER_STATE_UPDATED, userId, now, id, null,
                    new UserState(userId, id, "Ada", "ada@example.com", List.of("admin"), now, now, 0, 0, null, null));
        }
    }

    record Endpoint(String id, String secret) {
    }

    static String config(String key) {
        return TestSettings.get(key);
    }

    static String topic(Topic topic) {
        return topic.topicName(config("eventfold.topic-prefix"));
    }

    /** A new organization whose API key was issued (as ingest would announce it) through the Funqy endpoint. */
    static Org newOrg() {
        String org = "org-" + UUID.randomUUID();
        return new Org(org, CloudEventRequests.issueKey(org, k -> ApiKeys.hash(EventfoldTestResource.PEPPER, k)));
    }

    /** POSTs the event in binary mode (ce-* headers), as a Knative KafkaSource delivers it. */
    static Response post(CloudEvent event) {
        return CloudEventRequests.post(event);
    }

    static void produce(Topic topic, CloudEvent event) {
        TestKafka.produce(config("kafka.bootstrap.servers"), List.of(KafkaBinding.toRecord(topic(topic), event)));
    }

    static Connection db() throws SQLException {
        return TestSettings.database();
    }

    /** A single value from the database (e.g. a message's status), or null. */
    static Object query(String sql, Object... args) {
        try (Connection c = db(); var statement = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            try (var rows = statement.executeQuery()) {
                return rows.next() ? rows.getObject(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void eventually(String what, BooleanSupplier condition) {
        TestKafka.eventually(what, Duration.ofSeconds(30), Duration.ofMillis(50), condition);
    }

    /** Lets the worker poll a few times, for asserting that something did not happen. */
    static void settle() {
        try {
            Thread.sleep(600);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
