package dev.eventfold.useraggregator.domain;

import dev.eventfold.model.CloudEvent;

import java.util.Optional;

/** What one event does to the projection, as decided by {@link UserAggregator}; the store carries it out. */
public sealed interface Outcome {

    /** The event changed the user: the new state, the history entry it adds (if any) and the event to emit. */
    record Applied(CloudEvent source, User user, Optional<Login> login, CloudEvent derived) implements Outcome {
    }

    /** The user's {@code created} has not arrived yet: keep the event until it does. */
    record Parked(CloudEvent source) implements Outcome {
    }

    /** A parked event that turned out to belong to another organization than the user created for its id. */
    record Rejected(CloudEvent source, String reason) implements Outcome {
    }
}
