package dev.eventfold.ingest.publish;

import dev.eventfold.ingest.IngestConfig;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.KafkaBinding;
import dev.eventfold.model.Topic;
import dev.eventfold.model.TraceContext;
import dev.eventfold.runtime.config.FunctionConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Writes accepted events to {@code <prefix>.events} in CloudEvents binary mode (key = subject) and waits until Kafka
 * acknowledged every one of them: all records are sent first (the producer batches them), then all acks awaited.
 */
@ApplicationScoped
public class EventPublisher {

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final Duration timeout;

    public EventPublisher(KafkaProducer<String, byte[]> producer, FunctionConfig function, IngestConfig config) {
        this.producer = producer;
        this.topic = Topic.EVENTS.topicName(function.topicPrefix());
        this.timeout = config.publishTimeout();
    }

    public String topic() {
        return topic;
    }

    /** Sends every event and returns once each is acknowledged (acks=all), or throws {@link PublishException}. */
    public void publishAll(List<CloudEvent> events) {
        CompletableFuture<?>[] acks = new CompletableFuture<?>[events.size()];
        try {
            for (int i = 0; i < events.size(); i++) {
                CompletableFuture<RecordMetadata> ack = new CompletableFuture<>();
                producer.send(KafkaBinding.toRecord(topic, inATrace(events.get(i))), (metadata, error) -> {
                    if (error != null) {
                        ack.completeExceptionally(error);
                    } else {
                        ack.complete(metadata);
                    }
                });
                acks[i] = ack;
            }
            CompletableFuture.allOf(acks).get(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new PublishException("Kafka refused an event: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new PublishException("Kafka did not acknowledge within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while waiting for Kafka", e);
        } catch (RuntimeException e) {
            throw new PublishException("Kafka could not take an event: " + e.getMessage(), e);
        }
    }

    /** Sends one event without waiting (the pixel path); the callback sees the outcome. */
    public void sendAsync(CloudEvent event, org.apache.kafka.clients.producer.Callback callback) {
        producer.send(KafkaBinding.toRecord(topic, inATrace(event)), callback);
    }

    /**
     * Every recorded event belongs to a trace (CloudEvents distributed tracing): one that came without one, and
     * whose request joined none, starts its own, which every event derived from it continues.
     */
    static CloudEvent inATrace(CloudEvent event) {
        return event.traceparent() != null ? event : event.withTrace(TraceContext.newRoot().traceparent(), null);
    }
}
