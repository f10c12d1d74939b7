package dev.eventfold.runtime.testapp;

import dev.eventfold.runtime.trigger.KafkaTrigger;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** The test function's Kafka entry point: batches from the events topic go through the runtime. */
@ApplicationScoped
public class CounterKafkaTrigger {

    @Inject
    KafkaTrigger trigger;

    @Incoming("events")
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        return trigger.consume(records).replaceWithVoid();
    }
}
