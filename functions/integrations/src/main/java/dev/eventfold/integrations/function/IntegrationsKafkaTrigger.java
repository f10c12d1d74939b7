package dev.eventfold.integrations.function;

import dev.eventfold.runtime.trigger.KafkaTrigger;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** The pull trigger for local runs and high throughput: batches from users, visits.enriched and events through the runtime. */
@ApplicationScoped
public class IntegrationsKafkaTrigger {

    /** The SmallRye channel (its topics: see application.properties). */
    public static final String CHANNEL = "events";

    @Inject
    KafkaTrigger trigger;

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        return trigger.consume(records).replaceWithVoid();
    }
}
