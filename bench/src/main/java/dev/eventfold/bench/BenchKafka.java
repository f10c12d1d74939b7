package dev.eventfold.bench;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.KafkaBinding;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/** Kafka chores of the benchmark against the bench broker: topics, pre-filling, lag and the output watch. */
public final class BenchKafka implements AutoCloseable {

    /** Partitions of every bench topic: 3, or {@code --partitions} ({@code -Dbench.partitions}). */
    public static final int PARTITIONS = Integer.getInteger("bench.partitions", 3);

    private final String bootstrap;
    private final Admin admin;
    private final long brokerPid;

    public BenchKafka(String bootstrap) {
        this(bootstrap, -1);
    }

    /** The bench broker at {@code bootstrap}, running as process {@code brokerPid} (-1: unknown). */
    public BenchKafka(String bootstrap, long brokerPid) {
        this.bootstrap = bootstrap;
        this.brokerPid = brokerPid;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    /** CPU time the broker has used so far, in milliseconds; -1 when its process is unknown. */
    public long brokerCpuMillis() {
        return brokerPid < 0 ? -1 : ChildProcess.cpuMillisOf(brokerPid);
    }

    public String bootstrap() {
        return bootstrap;
    }

    /** Creates topics (if absent); broker-stamped append times let the watch time outputs without clock games. */
    public void createTopics(List<String> names, boolean compacted) {
        Map<String, String> config = new HashMap<>();
        config.put("message.timestamp.type", "LogAppendTime");
        if (compacted) {
            config.put("cleanup.policy", "compact");
        }
        List<NewTopic> topics = names.stream()
                .map(n -> new NewTopic(n, PARTITIONS, (short) 1).configs(config))
                .collect(Collectors.toList());
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot create topics " + names, e);
        }
    }

    /** Writes the events in binary mode (key = subject) and returns their size; throws if any record failed. */
    public PrefillStats prefill(String topic, List<CloudEvent> events) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        long valueBytes = 0;
        long headerBytes = 0;
        long started = System.nanoTime();
        java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicReference<Exception> firstError = new java.util.concurrent.atomic.AtomicReference<>();
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (CloudEvent event : events) {
                ProducerRecord<String, byte[]> record = KafkaBinding.toRecord(topic, event);
                valueBytes += record.value().length;
                for (Header h : record.headers()) {
                    headerBytes += h.key().length() + h.value().length;
                }
                producer.send(record, (metadata, error) -> {
                    if (error != null) {
                        failed.incrementAndGet();
                        firstError.compareAndSet(null, error);
                    }
                });
            }
            producer.flush();
        }
        if (failed.get() > 0) {
            throw new PrefillFailed(topic + ": " + failed.get() + " of " + events.size() + " records were not written",
                    firstError.get());
        }
        return new PrefillStats(events.size(), valueBytes, headerBytes, (System.nanoTime() - started) / 1_000_000);
    }

    /** Some records of a pre-fill were refused; the topic is incomplete and must not be used. */
    public static final class PrefillFailed extends RuntimeException {
        PrefillFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Size of a pre-filled topic's records: mean value and header bytes. */
    public record PrefillStats(int events, long valueBytes, long headerBytes, long millis) {
        public long meanValueBytes() {
            return events == 0 ? 0 : valueBytes / events;
        }

        public long meanHeaderBytes() {
            return events == 0 ? 0 : headerBytes / events;
        }
    }

    /** Records not yet committed by a consumer group over a topic (all records when it committed none). */
    public long lag(String group, String topic) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (int i = 0; i < PARTITIONS; i++) {
                request.put(new TopicPartition(topic, i), OffsetSpec.latest());
            }
            long lag = 0;
            for (var e : admin.listOffsets(request).all().get().entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                lag += e.getValue().offset() - (c == null ? 0 : c.offset());
            }
            return lag;
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot read lag of " + group, e);
        }
    }

    /**
     * Reads a topic from its start until {@code expected} distinct ce_id values arrived (or nothing new came for
     * {@code idle}), returning the broker append times of the first and last record.
     */
    public Watch watch(String topic, int expected, Duration idle, Duration max) {
        return watch(topic, expected, idle, max, () -> { });
    }

    /** As {@link #watch(String, int, Duration, Duration)}, calling {@code onFirst} when the first output arrives. */
    public Watch watch(String topic, int expected, Duration idle, Duration max, Runnable onFirst) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int i = 0; i < PARTITIONS; i++) {
                partitions.add(new TopicPartition(topic, i));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Set<String> ids = new HashSet<>(expected * 2);
            long records = 0;
            int firstBatch = 0;
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            boolean appendTimes = true;
            long startNanos = System.nanoTime();
            long lastProgress = System.nanoTime();
            while (ids.size() < expected) {
                long now = System.nanoTime();
                if (now - startNanos > max.toNanos() || (records > 0 && now - lastProgress > idle.toNanos())
                        || (records == 0 && now - startNanos > max.toNanos())) {
                    break;
                }
                var batch = consumer.poll(Duration.ofMillis(100));
                if (records == 0 && !batch.isEmpty()) {
                    onFirst.run();
                    firstBatch = batch.count();
                }
                for (ConsumerRecord<byte[], byte[]> r : batch) {
                    records++;
                    lastProgress = System.nanoTime();
                    appendTimes &= r.timestampType() == TimestampType.LOG_APPEND_TIME;
                    first = Math.min(first, r.timestamp());
                    last = Math.max(last, r.timestamp());
                    Header id = r.headers().lastHeader(KafkaBinding.PREFIX + "id");
                    ids.add(id == null ? topic + r.partition() + "@" + r.offset()
                            : new String(id.value(), StandardCharsets.UTF_8));
                }
            }
            return new Watch(ids.size(), records, first, last, appendTimes, firstBatch);
        }
    }

    /** What the watch saw: distinct events, records (duplicates included), first and last append time. */
    public record Watch(int distinct, long records, long firstMillis, long lastMillis, boolean brokerTimes,
                        int firstBatch) {
        /** Events per second between the first and the last output. */
        public double rate() {
            long span = lastMillis - firstMillis;
            return span <= 0 ? Double.NaN : (distinct - 1) * 1000.0 / span;
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
