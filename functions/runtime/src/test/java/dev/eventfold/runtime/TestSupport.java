package dev.eventfold.runtime;

import dev.eventfold.localstack.TestKafka;
import dev.eventfold.localstack.testing.CloudEventRequests;
import dev.eventfold.localstack.testing.TestSettings;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.model.KafkaBinding;
import dev.eventfold.model.Topic;
import dev.eventfold.model.payload.ApiKeyIssued;
import dev.eventfold.model.payload.ApiKeyRevoked;
import dev.eventfold.model.payload.PageViewed;
import dev.eventfold.model.payload.UserCreated;
import dev.eventfold.runtime.tenancy.ApiKeys;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/** What the runtime's tests share: events to send, HTTP and Kafka carriers, and reading the database back. */
final class TestSupport {

    static final String ORG = "org-test";

    private TestSupport() {
    }

    static String config(String key) {
        return TestSettings.get(key);
    }

    static String topic(Topic topic) {
        return TestSettings.topic(topic);
    }

    static CloudEvent userCreated(String subject, String name) {
        return CloudEvent.of(UUID.randomUUID().toString(), "/test", EventType.USER_CREATED, subject,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), ORG, "actor-1",
                new UserCreated(name, name + "@example.com", List.of("member")));
    }

    static CloudEvent pageViewed(String subject) {
        return CloudEvent.of(UUID.randomUUID().toString(), "/test", EventType.PAGE_VIEWED, subject,
                Instant.now(), ORG, null, new PageViewed("203.0.113.9", "test-agent", null, null));
    }

    static CloudEvent apiKeyIssued(String org, String key) {
        return CloudEvent.of(UUID.randomUUID().toString(), "/test", EventType.API_KEY_ISSUED, "key-" + org,
                Instant.now(), org, null, new ApiKeyIssued(ApiKeys.hash(config("eventfold.api-key.pepper"), key), "test"));
    }

    static CloudEvent apiKeyRevoked(String org, String key) {
        return CloudEvent.of(UUID.randomUUID().toString(), "/test", EventType.API_KEY_REVOKED, "key-" + org,
                Instant.now(), org, null, new ApiKeyRevoked(ApiKeys.hash(config("eventfold.api-key.pepper"), key)));
    }

    /** POSTs the event in binary mode (ce-* headers), as a Knative KafkaSource delivers it. */
    static Response post(CloudEvent event) {
        return CloudEventRequests.post(event);
    }

    static void produce(List<ProducerRecord<String, byte[]>> records) {
        TestKafka.produce(config("kafka.bootstrap.servers"), records);
    }

    /** The record key of a subject of the test organization. */
    static String key(String subject) {
        return KafkaBinding.key(ORG, subject);
    }

    static ProducerRecord<String, byte[]> record(CloudEvent event) {
        return KafkaBinding.toRecord(topic(Topic.EVENTS), event);
    }

    /** Reads a topic from the beginning until {@code done} holds for what was read, or the timeout passes. */
    static List<ConsumerRecord<String, byte[]>> read(Topic topic, Predicate<List<ConsumerRecord<String, byte[]>>> done,
                                                     Duration timeout) {
        return TestKafka.read(config("kafka.bootstrap.servers"), topic(topic), done, timeout);
    }

    static String header(ConsumerRecord<?, ?> record, String key) {
        return TestKafka.header(record, key);
    }

    static Connection db() throws SQLException {
        return TestSettings.database();
    }

    /** The single long of a query, or -1 when it returns no row. */
    static long queryLong(String sql, Object... params) {
        try (Connection c = db(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void execute(String sql) {
        try (Connection c = db(); var s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Polls until the condition holds (the Kafka path is asynchronous); fails with the message after 30 s. */
    static void eventually(String what, java.util.function.BooleanSupplier condition) {
        TestKafka.eventually(what, Duration.ofSeconds(30), Duration.ofMillis(100), condition);
    }

    static long counter(String subject) {
        return queryLong("SELECT n FROM runtime_test.counters WHERE subject = ?", subject);
    }

    static boolean processed(String eventId) {
        return queryLong("SELECT count(*) FROM runtime_test.processed_events WHERE event_id = ?", eventId) == 1;
    }
}
