package dev.eventfold.delivery.store;

import java.time.Instant;

/** A message as listed for its destination's owner: {@code id} is the event id (the receiver's idempotency key). */
public record QueuedMessage(String id, String type, String subject, String status, int attempts,
                            Instant nextAttemptAt, Instant createdAt, Instant lastAttemptAt, String failure) {
}
