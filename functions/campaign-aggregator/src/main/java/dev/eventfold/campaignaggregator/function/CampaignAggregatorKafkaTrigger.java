package dev.eventfold.campaignaggregator.function;

import dev.eventfold.runtime.trigger.KafkaTrigger;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The pull trigger for local runs and high throughput: batches from the events and enriched-visits topics,
 * applied in one transaction per batch; offsets advance only after the commit. Off under Knative.
 */
@ApplicationScoped
public class CampaignAggregatorKafkaTrigger {

    /** The channel; its topics ({@code <prefix>.events}, {@code <prefix>.visits.enriched}) are in application.properties. */
    public static final String CHANNEL = "events";

    @Inject
    KafkaTrigger trigger;

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        return trigger.consume(records).replaceWithVoid();
    }
}
