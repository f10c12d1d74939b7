package dev.eventfold.useraggregator.domain;

import dev.eventfold.model.Nullable;

import java.time.Instant;

/**
 * One entry of a user's login history: a successful login ({@code reason} null) or a failed one (with its reason).
 * The event id keys it, so a redelivered event never adds a second entry.
 */
public record Login(String userId, String eventId, Instant at, String ip, @Nullable String userAgent,
                    @Nullable String reason) {

    public boolean failed() {
        return reason != null;
    }
}
