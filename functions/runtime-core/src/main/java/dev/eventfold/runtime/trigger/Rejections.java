package dev.eventfold.runtime.trigger;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.ValidationException;
import io.smallrye.mutiny.Uni;

/** What to do with an event of a batch that can never apply: the Kafka trigger dead-letters it, Funqy answers 400. */
@FunctionalInterface
public interface Rejections {

    Uni<Void> rejected(CloudEvent event, ValidationException reason);
}
