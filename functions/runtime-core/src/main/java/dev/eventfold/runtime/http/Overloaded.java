package dev.eventfold.runtime.http;

import java.time.Duration;

/**
 * A delivery refused because the function's bounded queue is full: answered 503 with {@code Retry-After}, so that
 * the sender (a KafkaSource) retries later instead of the function holding an unbounded backlog in memory.
 */
public class Overloaded extends RuntimeException {

    private final Duration retryAfter;

    public Overloaded(String message, Duration retryAfter) {
        super(message, null, false, false);
        this.retryAfter = retryAfter;
    }

    /** When the sender should try again; at least one second (Retry-After counts whole seconds). */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** The {@code Retry-After} header value: whole seconds, rounded up, at least 1. */
    public String retryAfterSeconds() {
        return Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000));
    }
}
