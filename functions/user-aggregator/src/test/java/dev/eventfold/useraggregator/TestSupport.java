package dev.eventfold.useraggregator;

import dev.eventfold.localstack.EventfoldTestResource;
import dev.eventfold.localstack.TestKafka;
import dev.eventfold.localstack.testing.CloudEventRequests;
import dev.eventfold.localstack.testing.TestSettings;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.KafkaBinding;
import dev.eventfold.model.Topic;
import dev.eventfold.runtime.replay.ReplaySettings;
import dev.eventfold.runtime.tenancy.ApiKeys;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.io.PrintStream;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/** What the Quarkus tests share: the infrastructure's settings, CloudEvents over HTTP and Kafka, the database. */
final class TestSupport {

    static final String PEPPER = EventfoldTestResource.PEPPER;

    private TestSupport() {
    }

    static String config(String key) {
        return TestSettings.get(key);
    }

    static String topic(Topic topic) {
        return topic.topicName(config("eventfold.topic-prefix"));
    }

    /** Issues an API key for the organization (as ingest would) over HTTP and returns the key. */
    static String issueKey(String orgId) {
        return CloudEventRequests.issueKey(orgId, key -> ApiKeys.hash(PEPPER, key));
    }

    static RequestSpecification as(String apiKey) {
        return CloudEventRequests.as(apiKey);
    }

    /** POSTs the event in binary mode (ce-* headers), as a Knative KafkaSource delivers it. */
    static Response post(CloudEvent event) {
        return CloudEventRequests.post(event);
    }

    static Response post(CloudEvent event, String body) {
        return CloudEventRequests.post(event, body);
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
        return TestSettings.database();
    }

    /** The database of this application start, as {@code jdbc:postgresql://host:port/name}. */
    static URI databaseUri() {
        return URI.create(config("quarkus.datasource.jdbc.url").substring("jdbc:".length()));
    }

    static ReplaySettings replaySettings(PrintStream out) {
        URI db = databaseUri();
        return new ReplaySettings(config("kafka.bootstrap.servers"), config("eventfold.topic-prefix"), db.getHost(),
                db.getPort(), db.getPath().substring(1), config("quarkus.datasource.username"),
                config("quarkus.datasource.password"), null, false, false, Duration.ofMillis(200), out);
    }

    /** Polls until the condition holds (the Kafka path is asynchronous); fails after 60 s. */
    static void eventually(String what, BooleanSupplier condition) {
        TestKafka.eventually(what, Duration.ofSeconds(60), Duration.ofMillis(200), condition);
    }
}
