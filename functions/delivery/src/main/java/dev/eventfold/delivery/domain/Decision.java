package dev.eventfold.delivery.domain;

import java.time.Instant;

/**
 * What becomes of a message after an attempt: delivered, tried again at {@code nextAttemptAt}, failed for good
 * ({@code failure} says why), or held while its destination is paused.
 */
public record Decision(Kind kind, Instant nextAttemptAt, String failure) {

    public enum Kind {
        SUCCEEDED,
        RETRY,
        /** Retries exhausted or aborted: kept as failed, listable and replayable. */
        FAILED,
        /** The destination is gone: the message fails and the destination is disabled. */
        DISABLE_DESTINATION,
        /** The destination is paused; the message stays pending with its attempts unchanged. */
        PAUSE_DESTINATION
    }

    public static Decision of(Kind kind) {
        return new Decision(kind, null, null);
    }

    public static Decision failed(Kind kind, String failure) {
        return new Decision(kind, null, failure);
    }

    public static Decision retryAt(Instant at) {
        return new Decision(Kind.RETRY, at, null);
    }

    /** Whether the message's retries ran out (as opposed to an abort or a gone destination). */
    public boolean exhausted() {
        return kind == Kind.FAILED && EXHAUSTED.equals(failure);
    }

    public static final String EXHAUSTED = "retries exhausted";
}
