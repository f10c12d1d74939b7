package dev.eventfold.webhooks.domain;

import java.time.Instant;

/** What becomes of a message after an attempt: delivered, tried again at {@code nextAttemptAt}, or failed for good. */
public record Decision(Kind kind, Instant nextAttemptAt) {

    public enum Kind {
        SUCCEEDED,
        RETRY,
        /** Retries exhausted: kept as failed, listable and replayable. */
        FAILED,
        /** 410 Gone: the message fails and the endpoint is disabled. */
        DISABLE_ENDPOINT
    }

    public static Decision of(Kind kind) {
        return new Decision(kind, null);
    }

    public static Decision retryAt(Instant at) {
        return new Decision(Kind.RETRY, at);
    }
}
