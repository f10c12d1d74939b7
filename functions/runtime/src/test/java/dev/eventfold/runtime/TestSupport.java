package dev.eventfold.runtime;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.model.KafkaBinding;
import dev.eventfold.model.Topic;
import dev.eventfold.model.payload.ApiKeyIssued;
import dev.eventfold.model.payload.PageViewed;
import dev.eventfold.model.payload.UserCreated;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/** What the runtime's tests share: events to send, HTTP and Kafka carriers, and reading the database back. */
final class TestSupport {

    static final String ORG = "org-test";

    private TestSupport() {
    }

    static String config(String key) {
        return ConfigProvider.getConfig().getValue(key, String.class);
    }

    static String topic(Topic topic) {
        return topic.topicName(config("eventfold.topic-prefix"));
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

    /** POSTs the event in binary mode (ce-* headers), as a Knative KafkaSource delivers it. */
    static Response post(CloudEvent event) {
        var request = RestAssured.given()
                .header("ce-specversion", "1.0")
                .header("ce-id", event.id())
                .header("ce-source", event.source())
                .header("ce-type", event.type())
                .header("ce-subject", event.subject())
                .header("ce-time", event.time().toString())
                .contentType("application/json")
                .body(event.data().toString());
        if (event.orgId() != null) {
            request.header("ce-orgid", event.orgId());
        }
        if (event.actorId() != null) {
            request.header("ce-actorid", event.actorId());
        }
        return request.post("/");
    }

    static void produce(List<ProducerRecord<String, byte[]>> records) {
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config("kafka.bootstrap.servers"),
                ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (var record : records) {
                producer.send(record);
            }
            producer.flush();
        }
    }

    static ProducerRecord<String, byte[]> record(CloudEvent event) {
        return KafkaBinding.toRecord(topic(Topic.EVENTS), event);
    }

    /** Reads a topic from the beginning until {@code done} holds for what was read, or the timeout passes. */
    static List<ConsumerRecord<String, byte[]>> read(Topic topic, Predicate<List<ConsumerRecord<String, byte[]>>> done,
                                                     Duration timeout) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config("kafka.bootstrap.servers"),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic(topic)));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(seen) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            }
        }
        return seen;
    }

    static String header(ConsumerRecord<?, ?> record, String key) {
        var header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    static Connection db() throws SQLException {
        return DriverManager.getConnection(config("quarkus.datasource.jdbc.url"), config("quarkus.datasource.username"),
                ConfigProvider.getConfig().getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
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
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static long counter(String subject) {
        return queryLong("SELECT n FROM runtime_test.counters WHERE subject = ?", subject);
    }

    static boolean processed(String eventId) {
        return queryLong("SELECT count(*) FROM runtime_test.processed_events WHERE event_id = ?", eventId) == 1;
    }
}
