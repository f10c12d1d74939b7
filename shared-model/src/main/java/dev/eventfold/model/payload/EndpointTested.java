package dev.eventfold.model.payload;

import java.time.Instant;

/**
 * A test delivery its owner asked for ({@code POST /endpoints/{id}/test}): signed and retried like any message,
 * carrying nothing but this. Subject is the endpoint id.
 */
public record EndpointTested(
        String endpointId,
        String organizationId,
        String message,
        Instant requestedAt) {
}
