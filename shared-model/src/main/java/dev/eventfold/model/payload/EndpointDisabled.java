package dev.eventfold.model.payload;

import dev.eventfold.model.Nullable;

import java.time.Instant;

/**
 * A delivery destination (a webhook endpoint, a connected tool) was disabled because it answered that it is
 * gone (410): it gets no new messages until its owner resumes it. Subject is the endpoint id.
 */
public record EndpointDisabled(
        String endpointId,
        String organizationId,
        String function,
        @Nullable String reason,
        Instant disabledAt) {
}
