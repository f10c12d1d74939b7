package dev.eventfold.model.payload;

import dev.eventfold.model.Nullable;

import java.time.Instant;

/**
 * A message to a delivery destination used up its retries and is kept as failed (listable, replayable).
 * {@code messageId} is the id the receiver would have seen ({@code webhook-id}). Subject is the endpoint id.
 */
public record MessageAttemptExhausted(
        String endpointId,
        String organizationId,
        String function,
        String messageId,
        String messageType,
        String messageSubject,
        int attempts,
        @Nullable Integer lastResponseCode,
        @Nullable String lastError,
        Instant failedAt) {
}
