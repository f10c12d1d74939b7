package dev.eventfold.useraggregator.domain;

import dev.eventfold.model.Nullable;

import java.time.Instant;

/**
 * One entry of a user's login history: a successful login ({@code reason} null) or a failed one (with its reason).
 * The event's identity (organization, source, id) keys it, so a redelivered event never adds a second entry and
 * the same id from another tenant or source is another entry.
 */
public record Login(String orgId, String userId, String source, String eventId, Instant at, String ip, @Nullable String userAgent,
                    @Nullable String reason) {

    public boolean failed() {
        return reason != null;
    }
}
