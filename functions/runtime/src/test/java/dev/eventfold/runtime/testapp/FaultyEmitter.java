package dev.eventfold.runtime.testapp;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.runtime.emit.DerivedEventEmitter;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The real emitter with a switch that makes every send of derived events fail, as when Kafka is unreachable:
 * the tests that use it see what the runtime does while Kafka refuses and once it takes records again.
 */
@Alternative
@ApplicationScoped
public class FaultyEmitter extends DerivedEventEmitter {

    public static final AtomicBoolean KAFKA_DOWN = new AtomicBoolean();

    @Override
    public Uni<Void> emit(List<CloudEvent> events) {
        if (KAFKA_DOWN.get()) {
            return Uni.createFrom().failure(new IllegalStateException("the test's Kafka is down"));
        }
        return super.emit(events);
    }
}
