package dev.eventfold.webhooks.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.eventfold.delivery.Destination;
import dev.eventfold.webhooks.domain.Patterns;
import dev.eventfold.webhooks.store.Endpoint;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An endpoint as the API shows it (its entity and its delivery destination); the secret only in the answer that
 * created or rotated it; {@code statusReason} says why a paused or disabled endpoint is so; {@code allowedRate} is
 * the rate (per minute) its receiver allowed in the handshake, enforced together with {@code rateLimit}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EndpointView(UUID id, String url, List<String> types, List<String> subjects, String description,
                           Integer rateLimit, String status, String statusReason, boolean structured,
                           boolean skipHandshake, boolean ordered, boolean verified, Integer allowedRate, Instant createdAt,
                           Instant updatedAt, String secret) {

    static EndpointView of(Endpoint e, Destination d) {
        return of(e, d, null);
    }

    static EndpointView of(Endpoint e, Destination d, String secret) {
        return new EndpointView(e.id, e.url, Patterns.parse(e.eventTypes).globs(), Patterns.parse(e.subjects).globs(),
                e.description, d.rateLimit(), d.status(), d.statusReason(), e.structured, e.skipHandshake, d.ordered(),
                e.verified, d.receiverRate(), e.createdAt, e.updatedAt, secret);
    }
}
