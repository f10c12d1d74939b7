package dev.eventfold.localstack.testing;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Reads a topic of the real broker from the beginning, for asserting what a function emitted. */
public final class TopicReader implements AutoCloseable {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

    public TopicReader(String bootstrapServers, String topic) {
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Every record read so far, once one matching {@code until} has been read (fails after a generous wait). */
    public List<ConsumerRecord<String, byte[]>> readUntil(Predicate<ConsumerRecord<String, byte[]>> until) {
        return readUntil(until, 1);
    }

    /** Every record read so far, once at least {@code count} records matching {@code until} have been read. */
    public List<ConsumerRecord<String, byte[]>> readUntil(Predicate<ConsumerRecord<String, byte[]>> until, int count) {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (seen.stream().filter(until).count() < count) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no matching record on " + topic + " among " + seen.size());
            }
            assignOnceTheTopicExists();
            if (!consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
            } else {
                sleep();
            }
        }
        return List.copyOf(seen);
    }

    /** The record whose {@code ce_id} header is {@code id}. */
    public ConsumerRecord<String, byte[]> readEvent(String id) {
        return readUntil(r -> id.equals(header(r, "ce_id"))).stream()
                .filter(r -> id.equals(header(r, "ce_id"))).findFirst().orElseThrow();
    }

    private void assignOnceTheTopicExists() {
        if (!consumer.assignment().isEmpty()) {
            return;
        }
        List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5));
        if (partitions == null || partitions.isEmpty()) {
            return;
        }
        List<TopicPartition> assigned = partitions.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(assigned);
        consumer.seekToBeginning(assigned);
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
