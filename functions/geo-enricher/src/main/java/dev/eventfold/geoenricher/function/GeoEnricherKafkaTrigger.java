package dev.eventfold.geoenricher.function;

import dev.eventfold.runtime.trigger.KafkaTrigger;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The Kafka trigger: batches from the events topic through {@link GeoEnricherHandler}; other types are skipped,
 * poison records dead-lettered, and offsets committed only once every enriched view was acknowledged. Replays emit
 * the same derived ids, so no dedup table is needed.
 */
@ApplicationScoped
public class GeoEnricherKafkaTrigger {

    private final KafkaTrigger trigger;

    GeoEnricherKafkaTrigger(KafkaTrigger trigger) {
        this.trigger = trigger;
    }

    @Incoming("events")
    public Uni<Void> consume(ConsumerRecords<String, byte[]> batch) {
        return trigger.consume(batch).replaceWithVoid();
    }
}
