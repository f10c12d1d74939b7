package dev.eventfold.delivery;

import java.time.Instant;
import java.util.UUID;

/**
 * One claimed message: the event id (the receiver's idempotency key, the same on every retry and replay), its
 * type and subject, the payload as JSON text (what the function enqueued), and how many attempts came before.
 */
public record Message(long id, UUID destinationId, String orgId, String eventId, String type, String subject,
                      String payload, int attemptsBefore, Instant createdAt) {

    /** The number of this attempt (1 for the first). */
    public int attempt() {
        return attemptsBefore + 1;
    }
}
