package dev.eventfold.integrations.api;

import dev.eventfold.delivery.Destination;
import dev.eventfold.integrations.domain.EventFilter;
import dev.eventfold.integrations.store.DestinationTargets;
import dev.eventfold.integrations.store.IntegrationDestination;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A destination as the API shows it: never the credential, only its last characters; the status and its reason
 * (e.g. {@code paused}, "credentials refused (HTTP 401): …") from function-delivery.
 */
public record DestinationView(UUID id, String tool, String name, String baseUrl, String credentialHint,
                              Map<String, String> mappings, Map<String, String> settings, Filter filter,
                              Integer rateLimit, String status, String statusReason, Instant createdAt,
                              Instant updatedAt) {

    public record Filter(List<String> types) {
    }

    static DestinationView of(IntegrationDestination d, Destination delivery) {
        return new DestinationView(d.id, d.tool, d.name, d.baseUrl, d.credentialHint, DestinationTargets.map(d.mappings),
                DestinationTargets.map(d.settings), new Filter(EventFilter.stored(d.eventTypes).names()),
                d.rateLimit, delivery == null ? null : delivery.status(),
                delivery == null ? null : delivery.statusReason(), d.createdAt, d.updatedAt);
    }
}
