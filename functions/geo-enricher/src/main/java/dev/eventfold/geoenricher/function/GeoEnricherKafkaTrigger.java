package dev.eventfold.geoenricher.function;

import dev.eventfold.geoenricher.domain.GeoEnricher;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventCodec;
import dev.eventfold.model.EventType;
import dev.eventfold.model.KafkaBinding;
import dev.eventfold.model.ValidationException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The Kafka trigger: batches from the events topic through the {@link GeoEnricher} core. Page views are enriched
 * and emitted, other event types skipped, poison records dead-lettered; the batch's offsets are committed only
 * after every emit was acknowledged. A Kafka failure fails the channel (health goes down, a restart replays from
 * the last commit); replays emit the same derived ids, so no dedup table is needed.
 */
@ApplicationScoped
public class GeoEnricherKafkaTrigger {

    private static final Logger LOG = Logger.getLogger(GeoEnricherKafkaTrigger.class);
    private static final EventCodec CODEC = EventCodec.internal();

    private final GeoEnricher enricher;
    private final EventEmitter emitter;
    private final EnrichmentMetrics metrics;

    GeoEnricherKafkaTrigger(GeoEnricher enricher, EventEmitter emitter, EnrichmentMetrics metrics) {
        this.enricher = enricher;
        this.emitter = emitter;
        this.metrics = metrics;
    }

    @Incoming(Channels.PAGE_EVENTS)
    public Uni<Void> consume(ConsumerRecords<String, byte[]> batch) {
        List<Uni<Void>> sends = new ArrayList<>(batch.count());
        for (ConsumerRecord<String, byte[]> record : batch) {
            Uni<Void> send = process(record);
            if (send != null) {
                sends.add(send);
            }
        }
        return sends.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(sends).andFailFast().replaceWithVoid();
    }

    /** The emit for one record, or null when the record is not for this function. */
    private Uni<Void> process(ConsumerRecord<String, byte[]> record) {
        Header type = record.headers().lastHeader(KafkaBinding.PREFIX + "type");
        if (type != null && !EventType.PAGE_VIEWED.type().equals(new String(type.value(), StandardCharsets.UTF_8))) {
            return null; // another function's event: whether it is valid is not ours to judge
        }
        try {
            CloudEvent enriched = enricher.enrich(KafkaBinding.fromRecord(CODEC, record));
            return emitter.emit(enriched).invoke(() -> metrics.enriched(enriched));
        } catch (ValidationException invalid) {
            LOG.warnf("dead-lettering %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    invalid.getMessage());
            return emitter.deadLetter(record, GeoEnricher.FUNCTION_NAME, invalid.getMessage())
                    .invoke(metrics::deadLettered);
        }
    }
}
