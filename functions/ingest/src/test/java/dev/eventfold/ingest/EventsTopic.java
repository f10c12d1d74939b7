package dev.eventfold.ingest;

import dev.eventfold.localstack.KafkaBroker;
import dev.eventfold.model.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads the events topic back from the real broker: marks the end offsets before a request and returns every
 * record appended after the mark, so a test sees exactly what its request published (or that nothing was).
 */
public final class EventsTopic implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<TopicPartition> partitions;

    public EventsTopic(String prefix) {
        String topic = Topic.EVENTS.topicName(prefix);
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
        partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
    }

    /** The current end offset of every partition. */
    public Map<TopicPartition, Long> mark() {
        return new HashMap<>(consumer.endOffsets(partitions, Duration.ofSeconds(30)));
    }

    /** Every record appended since the mark, up to the current end offsets. */
    public List<ConsumerRecord<String, byte[]>> since(Map<TopicPartition, Long> mark) {
        Map<TopicPartition, Long> end = mark();
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            long from = mark.getOrDefault(partition, 0L);
            long to = end.get(partition);
            if (to <= from) {
                continue;
            }
            consumer.assign(List.of(partition));
            consumer.seek(partition, from);
            long position = from;
            long deadline = System.currentTimeMillis() + 30_000;
            while (position < to && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < to) {
                        out.add(record);
                    }
                    position = record.offset() + 1;
                }
            }
        }
        consumer.assign(partitions);
        return out;
    }

    /** Waits (up to 30 s) until a record matching the test is appended after the mark. */
    public ConsumerRecord<String, byte[]> await(Map<TopicPartition, Long> mark, Predicate<ConsumerRecord<String, byte[]>> test) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            for (ConsumerRecord<String, byte[]> record : since(mark)) {
                if (test.test(record)) {
                    return record;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("no matching record on the events topic within 30 s");
    }

    public static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
