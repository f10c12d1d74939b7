package dev.eventfold.runtime.emit;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.KafkaBinding;
import dev.eventfold.model.Topic;
import dev.eventfold.runtime.config.FunctionConfig;
import dev.eventfold.runtime.observe.EventMetrics;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Sends derived CloudEvents (binary mode, key = subject) to their catalog topic and poison records to the
 * dead-letter topic with an idempotent, acks=all producer; each returned Uni completes once Kafka acknowledged.
 */
@ApplicationScoped
public class DerivedEventEmitter {

    @Inject
    @Identifier("default-kafka-broker")
    Instance<Map<String, Object>> kafkaConfig;

    @Inject
    FunctionConfig config;

    @Inject
    EventMetrics metrics;

    private volatile Producer<String, byte[]> producer;

    /** Sends the events in order and completes when Kafka acknowledged every one of them. */
    public Uni<Void> emit(List<CloudEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return send(events.stream()
                .map(e -> KafkaBinding.toRecord(config.topicName(e.eventType().topic()), e))
                .toList());
    }

    /** Dead-letters a record that can never apply, keeping key, value and headers, adding the reason and origin. */
    public Uni<Void> deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        Headers headers = new RecordHeaders(record.headers().toArray());
        put(headers, DeadLetterHeaders.REASON, reason);
        put(headers, DeadLetterHeaders.FUNCTION, config.functionName());
        put(headers, DeadLetterHeaders.TOPIC, record.topic());
        put(headers, DeadLetterHeaders.PARTITION, Integer.toString(record.partition()));
        put(headers, DeadLetterHeaders.OFFSET, Long.toString(record.offset()));
        metrics.deadLettered(typeOf(record));
        return send(List.of(new ProducerRecord<>(
                config.topicName(Topic.DEAD_LETTER), null, record.key(), record.value(), headers)));
    }

    /** Dead-letters an event whose origin record is unknown, in binary mode with the reason header. */
    public Uni<Void> deadLetter(CloudEvent event, String reason) {
        ProducerRecord<String, byte[]> record = KafkaBinding.toRecord(config.topicName(Topic.DEAD_LETTER), event);
        put(record.headers(), DeadLetterHeaders.REASON, reason);
        put(record.headers(), DeadLetterHeaders.FUNCTION, config.functionName());
        metrics.deadLettered(event.type());
        return send(List.of(record));
    }

    /**
     * Dead-letters a notice of a derived event Kafka refused for good: the event's attributes as headers, the reason,
     * and no value (the event itself is what could not be sent; it is kept where the function set it aside).
     */
    public Uni<Void> deadLetterNotice(CloudEvent event, String reason) {
        Headers headers = KafkaBinding.headers(event);
        headers.remove(KafkaBinding.CONTENT_TYPE);
        put(headers, DeadLetterHeaders.REASON, reason);
        put(headers, DeadLetterHeaders.FUNCTION, config.functionName());
        metrics.deadLettered(event.type());
        return send(List.of(new ProducerRecord<>(config.topicName(Topic.DEAD_LETTER), null, KafkaBinding.key(event),
                null, headers)));
    }

    /**
     * Whether Kafka refused a record for good: it is larger than the producer or the broker accepts, or invalid.
     * Sending it again can never succeed, unlike a timeout, a leader change or an unreachable broker.
     */
    public static boolean refusedForGood(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException
                    || t instanceof InvalidRecordException || t instanceof InvalidTopicException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    Uni<Void> send(List<ProducerRecord<String, byte[]>> records) {
        return Uni.createFrom().deferred(() -> {
            // continue on the caller's Vert.x context (its MDC, its request) once Kafka acknowledged
            Context caller = Vertx.currentContext();
            Executor back = caller == null ? Runnable::run : task -> caller.runOnContext(v -> task.run());
            return Uni.createFrom().completionStage(() -> sendAll(records))
                    // send() can block on metadata: never on an event-loop thread
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .emitOn(back)
                    .replaceWithVoid();
        });
    }

    private CompletableFuture<Void> sendAll(List<ProducerRecord<String, byte[]>> records) {
        Producer<String, byte[]> p = producer();
        CompletableFuture<?>[] acks = new CompletableFuture<?>[records.size()];
        for (int i = 0; i < records.size(); i++) {
            CompletableFuture<Void> ack = new CompletableFuture<>();
            p.send(records.get(i), (metadata, error) -> {
                if (error == null) {
                    ack.complete(null);
                } else {
                    ack.completeExceptionally(error);
                }
            });
            acks[i] = ack;
        }
        return CompletableFuture.allOf(acks);
    }

    private Producer<String, byte[]> producer() {
        Producer<String, byte[]> p = producer;
        if (p == null) {
            synchronized (this) {
                p = producer;
                if (p == null) {
                    producer = p = new KafkaProducer<>(producerConfig(), new StringSerializer(), new ByteArraySerializer());
                }
            }
        }
        return p;
    }

    private Map<String, Object> producerConfig() {
        Map<String, Object> props = new HashMap<>();
        if (kafkaConfig.isResolvable()) {
            kafkaConfig.get().forEach((k, v) -> {
                if (ProducerConfig.configNames().contains(k) || k.startsWith("sasl.") || k.startsWith("ssl.")) {
                    props.put(k, v);
                }
            });
        }
        props.putIfAbsent(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, config.functionName() + "-emitter");
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024); // a derived batch leaves in few requests
        return props;
    }

    private static void put(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, (value == null ? "" : value).getBytes(StandardCharsets.UTF_8));
    }

    private static String typeOf(ConsumerRecord<String, byte[]> record) {
        var header = record.headers().lastHeader(KafkaBinding.PREFIX + "type");
        return header == null ? "unknown" : new String(header.value(), StandardCharsets.UTF_8);
    }

    @PreDestroy
    void close() {
        Producer<String, byte[]> p = producer;
        if (p != null) {
            p.close();
        }
    }
}
