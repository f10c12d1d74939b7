package dev.eventfold.runtime.trigger;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventCodec;
import dev.eventfold.model.KafkaBinding;
import dev.eventfold.model.ValidationException;
import dev.eventfold.runtime.config.FunctionConfig;
import dev.eventfold.runtime.emit.DerivedEventEmitter;
import dev.eventfold.runtime.observe.EventMetrics;
import dev.eventfold.runtime.observe.EventTracing;
import dev.eventfold.runtime.observe.TriggerProgressCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kafka batch trigger every function delegates its {@code @Incoming} method to: skips records of types the
 * function does not consume without decoding them, dead-letters poison ones, hands the rest to the
 * {@link EventDispatcher} as one batch, and retries transient faults with backoff without skipping. The returned
 * Uni completes only after the batch's effect and its derived events are durable, so offsets advance only past
 * processed records.
 */
@ApplicationScoped
public class KafkaTrigger {

    private static final Logger LOG = Logger.getLogger(KafkaTrigger.class);
    private static final EventCodec CODEC = EventCodec.internal();
    private static final String TYPE_HEADER = KafkaBinding.PREFIX + "type";

    @Inject
    EventDispatcher dispatcher;
    @Inject
    DerivedEventEmitter emitter;
    @Inject
    FunctionConfig config;
    @Inject
    EventMetrics metrics;
    @Inject
    EventTracing tracing;
    @Inject
    @Readiness
    TriggerProgressCheck progress;

    /** Processes one polled batch ({@code ConsumerRecords} or a list); completes when it may be acknowledged. */
    public Uni<List<Outcome>> consume(Iterable<ConsumerRecord<String, byte[]>> records) {
        List<Outcome> outcomes = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        List<ConsumerRecord<String, byte[]>> poison = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        List<CloudEvent> events = new ArrayList<>();
        Map<CloudEvent, ConsumerRecord<String, byte[]>> origin = new IdentityHashMap<>();
        List<EventTracing.Traced> spans = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            String type = typeOf(record);
            if (type != null && !dispatcher.accepts(type)) {
                metrics.outcome(Outcome.SKIPPED, type); // another function's event: its validity is not ours to judge
                outcomes.add(Outcome.SKIPPED);
                continue;
            }
            try {
                EventTracing.Traced traced = tracing.start(KafkaBinding.fromRecord(CODEC, record), record.topic());
                CloudEvent event = traced.event();
                spans.add(traced);
                positions.add(outcomes.size());
                outcomes.add(null);
                events.add(event);
                origin.put(event, record);
            } catch (ValidationException e) {
                LOG.warnf("poison record %s-%d@%d: %s", record.topic(), record.partition(), record.offset(), e.getMessage());
                outcomes.add(Outcome.DEAD_LETTERED);
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
        Uni<List<Outcome>> processing = events.isEmpty()
                ? Uni.createFrom().item(List.of())
                : dispatcher.deliverBatch(events, (event, reason) -> emitter.deadLetter(origin.get(event), reason.getMessage()));
        return retried(deadLetters, poison.size())
                .chain(() -> retried(processing, events.size()))
                .map(processed -> {
                    progress.progressed();
                    for (int i = 0; i < processed.size(); i++) {
                        outcomes.set(positions.get(i), processed.get(i));
                    }
                    return outcomes;
                })
                .onTermination().invoke((done, failure, cancelled) -> EventTracing.endAll(spans, failure));
    }

    private <T> Uni<T> retried(Uni<T> work, int records) {
        return work
                .onFailure().invoke(e -> {
                    metrics.retried();
                    progress.failed(e);
                })
                .onFailure().invoke(e -> LOG.warnf("%d records failed, retrying without skipping: %s", records, e.toString()))
                .onFailure().retry()
                .withBackOff(config.kafkaTrigger().retry().initialBackoff(), config.kafkaTrigger().retry().maxBackoff())
                .indefinitely();
    }

    private static String typeOf(ConsumerRecord<String, byte[]> record) {
        Header type = record.headers().lastHeader(TYPE_HEADER);
        return type == null ? null : new String(type.value(), StandardCharsets.UTF_8);
    }
}
