package dev.eventfold.integrations.domain;

import java.time.Duration;
import java.time.Instant;

/**
 * Requests per second to one destination, as a schedule: each request takes the next free slot, {@code 1/rate}
 * after the previous one, so a burst is spread out instead of refused. Pure: the caller waits the returned delay.
 * Not thread-safe on its own; callers synchronise per destination.
 */
public final class RateLimiter {

    private Instant nextFree = Instant.EPOCH;

    /** How long to wait before sending now, at {@code perSecond} requests per second; reserves that slot. */
    public Duration reserve(Instant now, int perSecond) {
        Duration spacing = Duration.ofNanos(1_000_000_000L / Math.max(1, perSecond));
        Instant slot = nextFree.isAfter(now) ? nextFree : now;
        nextFree = slot.plus(spacing);
        return Duration.between(now, slot);
    }
}
