package dev.eventfold.runtime.trigger;

import dev.eventfold.model.CloudEvent;
import io.smallrye.mutiny.Uni;

import java.util.List;

/**
 * Where both triggers hand the events they decoded and validated: the stateless layer ({@link StatelessDispatcher})
 * or the stateful one (function-runtime's dedup, transaction and outbox). The triggers own decoding, dead-letters,
 * retries and status codes; a dispatcher owns what happens to a valid event. Exactly one is active per application.
 */
public interface EventDispatcher {

    /** Whether events of this CloudEvent type concern the function; others are skipped without being decoded. */
    boolean accepts(String type);

    /**
     * One event delivered on its own (the Knative path). Completes with its outcome once its effect is durable;
     * fails with a {@link dev.eventfold.model.ValidationException} when it can never apply, with anything else
     * when the fault is transient.
     */
    Uni<Outcome> deliver(CloudEvent event);

    /**
     * A polled batch (the Kafka path), in order. An event that can never apply is handed to {@code rejected} and
     * the rest goes on; the Uni completes once every derived event is in Kafka, so the offsets may advance.
     * Outcomes are in the order of {@code events}.
     */
    Uni<List<Outcome>> deliverBatch(List<CloudEvent> events, Rejections rejected);
}
