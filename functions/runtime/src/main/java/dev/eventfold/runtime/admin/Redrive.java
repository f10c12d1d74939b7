package dev.eventfold.runtime.admin;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventCodec;
import dev.eventfold.model.KafkaBinding;
import dev.eventfold.model.Topic;
import dev.eventfold.model.ValidationException;
import dev.eventfold.runtime.config.FunctionConfig;
import dev.eventfold.runtime.emit.DeadLetterHeaders;
import dev.eventfold.runtime.trigger.EventDispatcher;
import dev.eventfold.runtime.trigger.Outcome;
import dev.eventfold.runtime.trigger.VertxContexts;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Re-applies this function's dead-lettered events from a time window once the cause is fixed (a database outage
 * longer than a KafkaSource's retries, a bug): reads {@code <prefix>.dead-letter}, keeps the records this function
 * dead-lettered ({@code dead-letter-function} from the Kafka trigger, {@code ce_knativeerrordest} naming this
 * function's Service from a KafkaSource's dead-letter sink), and hands them to the function's own dispatcher, so
 * that dedup makes it idempotent: redriving twice changes nothing. An event that is refused again is counted, not
 * dead-lettered a second time.
 */
@ApplicationScoped
public class Redrive {

    private static final Logger LOG = Logger.getLogger(Redrive.class);
    private static final EventCodec CODEC = EventCodec.internal();
    private static final String KNATIVE_ERROR = KafkaBinding.PREFIX + "knativeerror";
    static final int CHUNK = 500;

    @Inject
    EventDispatcher dispatcher;
    @Inject
    FunctionConfig config;
    @Inject
    @Identifier("default-kafka-broker")
    Instance<Map<String, Object>> kafkaConfig;

    /** What one redrive did. */
    public record Result(long read, long matched, long applied, long duplicates, long refused, long undecodable) {
    }

    /** Redrives what was dead-lettered from {@code from} (inclusive) to {@code to} (exclusive); blocks until done. */
    public Result redrive(Instant from, Instant to) {
        long read = 0;
        long undecodable = 0;
        List<CloudEvent> ours = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            String topic = config.topicName(Topic.DEAD_LETTER);
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(p -> query.put(p, from.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> start = consumer.offsetsForTimes(query, Duration.ofSeconds(30));
            List<TopicPartition> remaining = new ArrayList<>();
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp offset = start.get(partition);
                if (offset != null && offset.offset() < end.get(partition)) {
                    consumer.seek(partition, offset.offset());
                    remaining.add(partition);
                }
            }
            consumer.assign(remaining);
            while (!remaining.isEmpty()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= end.get(partition) || record.timestamp() >= to.toEpochMilli()) {
                        continue;
                    }
                    read++;
                    if (ours(record)) {
                        try {
                            ours.add(KafkaBinding.fromRecord(CODEC, withoutDeadLetterHeaders(record)));
                        } catch (ValidationException e) {
                            undecodable++;
                        }
                    }
                }
                remaining.removeIf(p -> consumer.position(p) >= end.get(p));
                consumer.assign(remaining);
            }
        }
        long[] counts = new long[3];
        AtomicInteger refused = new AtomicInteger();
        for (int i = 0; i < ours.size(); i += CHUNK) {
            List<CloudEvent> chunk = ours.subList(i, Math.min(ours.size(), i + CHUNK));
            List<Outcome> outcomes = VertxContexts.onEventLoop(() -> dispatcher.deliverBatch(chunk, (event, reason) -> {
                refused.incrementAndGet();
                LOG.warnf("redriven event %s refused again: %s", event.id(), reason.getMessage());
                return Uni.createFrom().voidItem();
            })).await().atMost(Duration.ofMinutes(5));
            for (Outcome outcome : outcomes) {
                switch (outcome) {
                    case APPLIED -> counts[0]++;
                    case DUPLICATE -> counts[1]++;
                    default -> counts[2]++;
                }
            }
        }
        Result result = new Result(read, ours.size() + undecodable, counts[0], counts[1], refused.get(), undecodable);
        LOG.infof("redrive of %s..%s: %s", from, to, result);
        return result;
    }

    /** Whether this function dead-lettered the record: its Kafka trigger, or a KafkaSource delivering to its Service. */
    boolean ours(ConsumerRecord<String, byte[]> record) {
        String function = header(record, DeadLetterHeaders.FUNCTION);
        if (function != null) {
            return function.equals(config.functionName());
        }
        String destination = header(record, KNATIVE_ERROR + "dest");
        if (destination == null) {
            return false;
        }
        try {
            String host = URI.create(destination.trim()).getHost();
            return host != null && (host.equals(config.functionName()) || host.startsWith(config.functionName() + "."));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The record as it was before it was dead-lettered: without the dead-letter and Knative error headers. */
    private static ConsumerRecord<String, byte[]> withoutDeadLetterHeaders(ConsumerRecord<String, byte[]> record) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            if (!header.key().startsWith("dead-letter-") && !header.key().startsWith(KNATIVE_ERROR)) {
                headers.add(header);
            }
        }
        return new ConsumerRecord<>(record.topic(), record.partition(), record.offset(), record.timestamp(),
                record.timestampType(), 0, 0, record.key(), record.value(), headers, record.leaderEpoch());
    }

    private static String header(ConsumerRecord<?, ?> record, String key) {
        Header header = record.headers().lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> props = new HashMap<>();
        if (kafkaConfig.isResolvable()) {
            kafkaConfig.get().forEach((k, v) -> {
                if (ConsumerConfig.configNames().contains(k) || k.startsWith("sasl.") || k.startsWith("ssl.")) {
                    props.put(k, v);
                }
            });
        }
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, config.functionName() + "-redrive");
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
