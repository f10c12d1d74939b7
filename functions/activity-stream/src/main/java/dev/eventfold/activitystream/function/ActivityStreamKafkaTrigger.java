package dev.eventfold.activitystream.function;

import dev.eventfold.runtime.trigger.KafkaTrigger;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** The pull intake for local runs: the events topic in the function's consumer group, for the API keys only. */
@ApplicationScoped
public class ActivityStreamKafkaTrigger {

    public static final String CHANNEL = "events";

    @Inject
    KafkaTrigger trigger;

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        return trigger.consume(records).replaceWithVoid();
    }
}
