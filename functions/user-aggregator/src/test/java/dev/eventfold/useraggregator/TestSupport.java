package dev.eventfold.useraggregator;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.model.KafkaBinding;
import dev.eventfold.model.Topic;
import dev.eventfold.model.payload.ApiKeyIssued;
import dev.eventfold.runtime.ApiKeys;
import dev.eventfold.useraggregator.replay.ReplaySettings;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
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

import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/** What the Quarkus tests share: the infrastructure's settings, CloudEvents over HTTP and Kafka, the database. */
final class TestSupport {

    static final String PEPPER = "test-pepper";

    private TestSupport() {
    }

    static String config(String key) {
        String value = System.getProperty(UserAggregatorTestResource.PREFIX + key);
        if (value == null) {
            throw new IllegalStateException("no test setting " + key + " (is UserAggregatorTestResource active?)");
        }
        return value;
    }

    static String topic(Topic topic) {
        return topic.topicName(config("eventfold.topic-prefix"));
    }

    /** Issues an API key for the organization (as ingest would) over HTTP and returns the key. */
    static String issueKey(String orgId) {
        String key = "key-" + UUID.randomUUID();
        CloudEvent issued = CloudEvent.of(UUID.randomUUID().toString(), "/tests", EventType.API_KEY_ISSUED,
                "key-" + orgId, Instant.now(), orgId, null, new ApiKeyIssued(ApiKeys.hash(PEPPER, key), "tests"));
        post(issued).then().statusCode(204);
        return key;
    }

    static RequestSpecification as(String apiKey) {
        return RestAssured.given().header(ApiKeys.HEADER, apiKey);
    }

    /** POSTs the event in binary mode (ce-* headers), as a Knative KafkaSource delivers it. */
    static Response post(CloudEvent event) {
        return post(event, event.data().toString());
    }

    static Response post(CloudEvent event, String body) {
        RequestSpecification request = RestAssured.given()
                .header("ce-specversion", "1.0")
                .header("ce-id", event.id())
                .header("ce-source", event.source())
                .header("ce-type", event.type())
                .header("ce-subject", event.subject())
                .header("ce-time", event.time().toString())
                .contentType("application/json")
                .body(body);
        if (event.orgId() != null) {
            request.header("ce-orgid", event.orgId());
        }
        if (event.actorId() != null) {
            request.header("ce-actorid", event.actorId());
        }
        return request.post("/");
    }

    static ProducerRecord<String, byte[]> record(CloudEvent event) {
        return KafkaBinding.toRecord(topic(Topic.EVENTS), event);
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

    /** Reads a topic from the beginning until {@code done} holds for what was read, or the timeout passes. */
    static List<ConsumerRecord<String, byte[]>> read(Topic topic, Predicate<List<ConsumerRecord<String, byte[]>>> done) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config("kafka.bootstrap.servers"),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic(topic)));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!done.test(seen) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            }
        }
        return seen;
    }

    static String header(ConsumerRecord<?, ?> record, String key) {
        var header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static Connection db() throws SQLException {
        return DriverManager.getConnection(config("quarkus.datasource.jdbc.url"), config("quarkus.datasource.username"),
                config("quarkus.datasource.password"));
    }

    /** The database of this application start, as {@code jdbc:postgresql://host:port/name}. */
    static URI databaseUri() {
        return URI.create(config("quarkus.datasource.jdbc.url").substring("jdbc:".length()));
    }

    static ReplaySettings replaySettings(PrintStream out) {
        URI db = databaseUri();
        return new ReplaySettings(config("kafka.bootstrap.servers"), config("eventfold.topic-prefix"), db.getHost(),
                db.getPort(), db.getPath().substring(1), config("quarkus.datasource.username"),
                config("quarkus.datasource.password"), null, false, Duration.ofMillis(200), out);
    }

    /** Polls until the condition holds (the Kafka path is asynchronous); fails after 60 s. */
    static void eventually(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 60 s: " + what);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
