package dev.eventfold.campaignaggregator.function;

import dev.eventfold.localstack.TestKafka;
import dev.eventfold.localstack.testing.TestSettings;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/** The Kafka side of campaign-aggregator's tests, on local-stack's shared {@link TestKafka}. */
final class KafkaSupport {

    private KafkaSupport() {
    }

    static String topic(Topic topic) {
        return TestSettings.topic(topic);
    }

    /** Sends every event to its catalog topic in binary mode (key = subject) and waits for all acks. */
    static void produce(List<CloudEvent> events) {
        TestKafka.produceEvents(TestSettings.bootstrapServers(), TestSettings.get("eventfold.topic-prefix"), events);
    }

    /** Waits until the consumer group has committed every record of the topics (its lag is zero). */
    static void awaitNoLag(String group, Duration timeout, Topic... topics) {
        TestKafka.awaitNoLag(TestSettings.bootstrapServers(), group, timeout,
                Arrays.stream(topics).map(TestSettings::topic).toList());
    }

    /** Every record of the topic so far, from the beginning of each partition. */
    static List<ConsumerRecord<String, byte[]>> readAll(Topic topic) {
        return TestKafka.readToEnd(TestSettings.bootstrapServers(), topic(topic), Duration.ofSeconds(20));
    }

    static void await(Duration timeout, String what, BooleanSupplier condition) {
        TestKafka.eventually(what, timeout, Duration.ofMillis(250), condition);
    }
}
