package dev.eventfold.alerting;

import dev.eventfold.localstack.EventfoldTestResource;
import dev.eventfold.localstack.TestKafka;
import dev.eventfold.localstack.testing.CloudEventRequests;
import dev.eventfold.localstack.testing.TestSettings;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.KafkaBinding;
import dev.eventfold.model.Topic;
import dev.eventfold.runtime.tenancy.ApiKeys;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/** What the Quarkus tests share: the infrastructure's settings, CloudEvents over HTTP and Kafka, the rules API. */
final class TestSupport {

    private TestSupport() {
    }

    static String config(String key) {
        return TestSettings.get(key);
    }

    static String topic(Topic topic) {
        return topic.topicName(config("eventfold.topic-prefix"));
    }

    static String newOrg() {
        return "org-" + UUID.randomUUID();
    }

    /** Issues an API key for the organization (as ingest would) over HTTP and returns the key. */
    static String issueKey(String orgId) {
        return CloudEventRequests.issueKey(orgId, key -> ApiKeys.hash(EventfoldTestResource.PEPPER, key));
    }

    static RequestSpecification as(String apiKey) {
        return CloudEventRequests.as(apiKey).contentType("application/json");
    }

    /** Creates a rule through the API and returns its id. */
    static String createRule(String apiKey, String json) {
        return as(apiKey).body(json).post("/rules").then().statusCode(201).extract().path("id");
    }

    /** POSTs the event in binary mode (ce-* headers), as a Knative KafkaSource delivers it. */
    static Response post(CloudEvent event) {
        return CloudEventRequests.post(event);
    }

    static void postAll(CloudEvent... events) {
        for (CloudEvent event : events) {
            post(event).then().statusCode(204);
        }
    }

    /** The record of the event on the topic its catalog type names. */
    static ProducerRecord<String, byte[]> record(CloudEvent event) {
        return KafkaBinding.toRecord(topic(event.eventType().topic()), event);
    }

    static void produce(List<ProducerRecord<String, byte[]>> records) {
        TestKafka.produce(config("kafka.bootstrap.servers"), records);
    }

    /** Reads the alerts topic from the beginning until {@code done} holds for the alerts of one rule, or 60 s pass. */
    static List<ConsumerRecord<String, byte[]>> alerts(String ruleId,
                                                       Predicate<List<ConsumerRecord<String, byte[]>>> done) {
        return ofRule(allAlerts(seen -> done.test(ofRule(seen, ruleId))), ruleId);
    }

    /** Reads the whole alerts topic from the beginning until {@code done} holds, or 60 s pass. */
    static List<ConsumerRecord<String, byte[]>> allAlerts(Predicate<List<ConsumerRecord<String, byte[]>>> done) {
        return TestKafka.read(config("kafka.bootstrap.servers"), topic(Topic.ALERTS), done, Duration.ofSeconds(60));
    }

    static List<ConsumerRecord<String, byte[]>> ofRule(List<ConsumerRecord<String, byte[]>> records, String ruleId) {
        return records.stream().filter(r -> ruleId.equals(TestKafka.header(r, "ce_subject"))).toList();
    }

    static List<String> ids(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(r -> TestKafka.header(r, "ce_id")).toList();
    }

    static String header(ConsumerRecord<?, ?> record, String key) {
        return TestKafka.header(record, key);
    }
}
