package dev.eventfold.alerting.function;

import dev.eventfold.runtime.trigger.KafkaTrigger;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** The pull trigger: batches from the four input topics (see application.properties) through the runtime. */
@ApplicationScoped
public class AlertingKafkaTrigger {

    /** The SmallRye channel; its topics are events, users, visits.enriched and campaign-stats. */
    public static final String CHANNEL = "events";

    @Inject
    KafkaTrigger trigger;

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        return trigger.consume(records).replaceWithVoid();
    }
}
