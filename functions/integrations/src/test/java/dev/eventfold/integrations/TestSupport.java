package dev.eventfold.integrations;

import dev.eventfold.localstack.EventfoldTestResource;
import dev.eventfold.localstack.TestKafka;
import dev.eventfold.localstack.testing.CloudEventRequests;
import dev.eventfold.localstack.testing.TestSettings;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.model.KafkaBinding;
import dev.eventfold.model.Topic;
import dev.eventfold.model.payload.PageCreated;
import dev.eventfold.model.payload.PageViewEnriched;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/** What the Quarkus tests share: organizations with API keys, our derived events, destinations, the database. */
final class TestSupport {

    static final Instant T = Instant.parse("2026-03-01T10:15:30Z");

    private TestSupport() {
    }

    /** An organization of its own for one test, with an API key the function knows. */
    record Org(String id, String key) {
        RequestSpecification api() {
            return RestAssured.given().header(ApiKeys.HEADER, key).contentType(ContentType.JSON);
        }

        /** Connects a tool; returns the destination's id. */
        String destination(String tool, String baseUrl, String credential, Map<String, Object> more) {
            Map<String, Object> body = new HashMap<>(Map.of("tool", tool, "baseUrl", baseUrl, "credential", credential));
            body.putAll(more);
            Response created = api().body(body).post("/destinations");
            created.then().statusCode(201);
            return created.path("id");
        }

        CloudEvent user(String userId, String email, String name) {
            return CloudEvent.of(UUID.randomUUID().toString(), "/functions/user-aggregator", EventType.USER_STATE_UPDATED,
                    userId, T, id, null, new UserState(userId, id, name, email, List.of("admin"), T, T, 2, 0, null, null));
        }

        CloudEvent pageCreated(String pageId, String email) {
            return CloudEvent.of(UUID.randomUUID().toString(), "/apps/crm", EventType.PAGE_CREATED, pageId, T, id, null,
                    new PageCreated("Ada Lovelace", email, "Analytical Engines Ltd", null));
        }

        CloudEvent pageView(String pageId) {
            return CloudEvent.of(UUID.randomUUID().toString(), "/functions/geo-enricher", EventType.PAGE_VIEW_ENRICHED,
                    pageId, T, id, null, new PageViewEnriched(pageId, "198.51.100.7", "Mozilla/5.0", null, "v-1",
                            T.toString(), "known", null, "FR", "France", null, "Paris", null, null, null, null, null,
                            null, null, null, null, null));
        }
    }

    static String config(String key) {
        return TestSettings.get(key);
    }

    /** A new organization whose API key was issued (as ingest would announce it) through the Funqy endpoint. */
    static Org newOrg() {
        String org = "org-" + UUID.randomUUID();
        return new Org(org, CloudEventRequests.issueKey(org, k -> ApiKeys.hash(EventfoldTestResource.PEPPER, k)));
    }

    /** POSTs the event in binary mode (ce-* headers), as a Knative KafkaSource delivers it; expects 204. */
    static void post(CloudEvent event) {
        CloudEventRequests.post(event).then().statusCode(204);
    }

    static void produce(List<CloudEvent> events) {
        TestKafka.produce(config("kafka.bootstrap.servers"), events.stream()
                .map(e -> KafkaBinding.toRecord(e.eventType().topic().topicName(config("eventfold.topic-prefix")), e)).toList());
    }

    /** Waits until the pull trigger (group = the function name) has committed everything of these topics. */
    static void awaitConsumed(Topic... topics) {
        TestKafka.awaitNoLag(config("kafka.bootstrap.servers"), "integrations", Duration.ofSeconds(60),
                java.util.Arrays.stream(topics).map(TestSupport::topic).toList());
    }

    static String topic(Topic topic) {
        return topic.topicName(config("eventfold.topic-prefix"));
    }

    /** A single value from the database, or null. */
    static Object query(String sql, Object... args) {
        try (Connection c = TestSettings.database(); var statement = c.prepareStatement(sql)) {
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

    /** How many of the destination's messages have this status. */
    static long messages(String destinationId, String status) {
        return ((Number) query("SELECT count(*) FROM integrations.delivery_messages WHERE destination_id = ?::uuid AND status = ?",
                destinationId, status)).longValue();
    }

    static void eventually(String what, BooleanSupplier condition) {
        TestKafka.eventually(what, Duration.ofSeconds(30), Duration.ofMillis(50), condition);
    }

    /** Lets the worker poll a few times, for asserting that something did not happen. */
    static void settle() {
        try {
            Thread.sleep(800);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
