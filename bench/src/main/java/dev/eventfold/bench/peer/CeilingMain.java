package dev.eventfold.bench.peer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The ceiling: the fastest plain at-least-once consume-and-produce loop, the most any processor that forwards each
 * record can do on this broker and machine. Sends are asynchronous and batched (linger 10 ms, 256 KiB batches);
 * offsets are committed asynchronously once a second, and only up to records Kafka has acknowledged, so nothing
 * waits on a flush or a synchronous commit. Runs in its own JVM. Arguments: bootstrap, input topic, output topic,
 * group id.
 */
public final class CeilingMain {

    private static final long COMMIT_EVERY_MS = 1000;

    private CeilingMain() {
    }

    public static void main(String[] args) {
        QuietLogging.apply();
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, args[3]);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        c.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "65536");
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        // per input partition: offsets sent but not yet acknowledged, and the next offset after the last one sent
        Map<TopicPartition, ConcurrentSkipListSet<Long>> inFlight = new HashMap<>();
        Map<TopicPartition, Long> sent = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                     new ByteArraySerializer())) {
            consumer.subscribe(List.of(args[1]));
            System.out.println("STATE RUNNING");
            long lastCommit = System.currentTimeMillis();
            while (!Thread.currentThread().isInterrupted()) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    TopicPartition from = new TopicPartition(r.topic(), r.partition());
                    long offset = r.offset();
                    ConcurrentSkipListSet<Long> pending = inFlight.computeIfAbsent(from, k -> new ConcurrentSkipListSet<>());
                    pending.add(offset);
                    sent.put(from, offset + 1);
                    producer.send(new ProducerRecord<>(args[2], null, r.key(), r.value(), r.headers()),
                            (metadata, error) -> {
                                if (error == null) {
                                    pending.remove(offset);
                                }
                            });
                }
                long now = System.currentTimeMillis();
                if (now - lastCommit >= COMMIT_EVERY_MS && !sent.isEmpty()) {
                    // up to the oldest record not yet acknowledged: at-least-once without waiting for any send
                    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                    sent.forEach((tp, next) -> {
                        Long oldest = inFlight.get(tp).isEmpty() ? null : inFlight.get(tp).first();
                        offsets.put(tp, new OffsetAndMetadata(oldest == null ? next : oldest));
                    });
                    consumer.commitAsync(offsets, null);
                    lastCommit = now;
                }
            }
        }
    }
}
