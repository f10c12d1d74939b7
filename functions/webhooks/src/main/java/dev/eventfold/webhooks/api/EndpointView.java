package dev.eventfold.webhooks.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.eventfold.webhooks.domain.Patterns;
import dev.eventfold.webhooks.store.Endpoint;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An endpoint as the API shows it; the secret only in the answer that created or rotated it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EndpointView(UUID id, String url, List<String> types, List<String> subjects, String description,
                           Integer rateLimit, String status, boolean structured, boolean skipHandshake,
                           boolean ordered, boolean verified, Instant createdAt, Instant updatedAt, String secret) {

    static EndpointView of(Endpoint e) {
        return of(e, null);
    }

    static EndpointView of(Endpoint e, String secret) {
        return new EndpointView(e.id, e.url, Patterns.parse(e.eventTypes).globs(), Patterns.parse(e.subjects).globs(),
                e.description, e.rateLimit, e.status, e.structured, e.skipHandshake, e.ordered, e.verified,
                e.createdAt, e.updatedAt, secret);
    }
}
