package dev.eventfold.runtime;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventCodec;
import dev.eventfold.model.KafkaBinding;
import dev.eventfold.model.ValidationException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kafka batch trigger every function delegates its {@code @Incoming} method to: decodes records, dead-letters
 * poison ones, processes the rest in one transaction, and retries transient faults with backoff without skipping.
 * The returned Uni completes only after commit and emit, so offsets advance only past processed records.
 */
@ApplicationScoped
public class KafkaTrigger {

    private static final Logger LOG = Logger.getLogger(KafkaTrigger.class);
    private static final EventCodec CODEC = EventCodec.internal();

    @Inject
    EventProcessor processor;
    @Inject
    DerivedEventEmitter emitter;
    @Inject
    RuntimeConfig config;
    @Inject
    EventMetrics metrics;

    /** Processes one polled batch ({@code ConsumerRecords} or a list); completes when it may be acknowledged. */
    public Uni<List<Outcome>> consume(Iterable<ConsumerRecord<String, byte[]>> records) {
        List<ConsumerRecord<String, byte[]>> poison = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        List<CloudEvent> events = new ArrayList<>();
        Map<CloudEvent, ConsumerRecord<String, byte[]>> origin = new IdentityHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                CloudEvent event = KafkaBinding.fromRecord(CODEC, record);
                events.add(event);
                origin.put(event, record);
            } catch (ValidationException e) {
                LOG.warnf("poison record %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), e.getMessage());
                poison.add(record);
                reasons.add(e.getMessage());
            }
        }
        Uni<Void> deadLetters = Uni.createFrom().voidItem();
        for (int i = 0; i < poison.size(); i++) {
            ConsumerRecord<String, byte[]> record = poison.get(i);
            String reason = reasons.get(i);
            deadLetters = deadLetters.chain(() -> emitter.deadLetter(record, reason));
        }
        Uni<List<Outcome>> processing = processor.processBatch(events,
                (event, reason) -> emitter.deadLetter(origin.get(event), reason.getMessage()));
        return retried(deadLetters, poison.size()).chain(() -> retried(processing, events.size()));
    }

    private <T> Uni<T> retried(Uni<T> work, int records) {
        return work
                .onFailure().invoke(() -> metrics.retried())
                .onFailure().invoke(e -> LOG.warnf("%d records failed, retrying without skipping: %s", records, e.toString()))
                .onFailure().retry()
                .withBackOff(config.retryInitialBackoff(), config.retryMaxBackoff())
                .indefinitely();
    }
}
