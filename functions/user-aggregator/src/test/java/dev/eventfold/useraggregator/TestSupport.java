package dev.eventfold.useraggregator;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.model.KafkaBinding;
import dev.eventfold.localstack.TestKafka;
import dev.eventfold.model.Topic;
import dev.eventfold.model.payload.ApiKeyIssued;
import dev.eventfold.runtime.tenancy.ApiKeys;
import dev.eventfold.useraggregator.replay.ReplaySettings;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.PrintStream;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
        TestKafka.produce(config("kafka.bootstrap.servers"), records);
    }

    /** Reads a topic from the beginning until {@code done} holds for what was read, or 60 s pass. */
    static List<ConsumerRecord<String, byte[]>> read(Topic topic, Predicate<List<ConsumerRecord<String, byte[]>>> done) {
        return TestKafka.read(config("kafka.bootstrap.servers"), topic(topic), done, Duration.ofSeconds(60));
    }

    static String header(ConsumerRecord<?, ?> record, String key) {
        return TestKafka.header(record, key);
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
        TestKafka.eventually(what, Duration.ofSeconds(60), Duration.ofMillis(200), condition);
    }
}
