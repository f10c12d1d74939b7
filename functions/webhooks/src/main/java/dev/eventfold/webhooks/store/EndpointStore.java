package dev.eventfold.webhooks.store;

import dev.eventfold.delivery.NewMessage;
import dev.eventfold.delivery.store.DeliveryStore;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventCodec;
import dev.eventfold.runtime.processing.RuntimeConfig;
import dev.eventfold.webhooks.domain.Patterns;
import dev.eventfold.webhooks.function.WebhooksHandler;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The hot path's reads and writes of {@code endpoints} with the reactive client: the fan-out of derived events
 * into delivery messages (in the intake transaction), what the transport needs to send to an endpoint, and the
 * handshake's mark.
 */
@ApplicationScoped
public class EndpointStore {

    /** What sending to an endpoint needs: where, how, and the secrets in force. */
    public record Target(UUID id, String url, String secret, String previousSecret, Instant previousSecretExpiresAt,
                         boolean structured, boolean needsHandshake) {
    }

    @Inject
    RuntimeConfig config;
    @Inject
    DeliveryStore delivery;

    /** One pending message per matching endpoint (not disabled) of the event's organization; returns how many were written. */
    public Uni<Integer> fanOut(SqlClient tx, List<CloudEvent> events, Instant now) {
        String[] orgs = events.stream().map(CloudEvent::orgId).distinct().toArray(String[]::new);
        String select = "SELECT e.id, e.org_id, e.event_types, e.subjects FROM " + config.table("endpoints") + " e JOIN "
                + config.table("delivery_destinations") + " d ON d.id = e.id"
                + " WHERE e.org_id = ANY($1) AND d.status <> 'disabled'";
        return tx.preparedQuery(select).execute(Tuple.of(orgs)).chain(rows -> {
            Map<String, List<Row>> byOrg = new HashMap<>();
            for (Row row : rows) {
                byOrg.computeIfAbsent(row.getString("org_id"), k -> new ArrayList<>()).add(row);
            }
            List<NewMessage> messages = new ArrayList<>();
            for (CloudEvent event : events) {
                String payload = null;
                boolean notice = WebhooksHandler.NOTICES.contains(event.type());
                for (Row endpoint : byOrg.getOrDefault(event.orgId(), List.of())) {
                    Patterns types = Patterns.parse(endpoint.getString("event_types"));
                    if (notice && (types.globs().isEmpty() || event.subject().equals(endpoint.getUUID("id").toString()))) {
                        continue; // notices only where asked for, and never about the endpoint itself (no loops)
                    }
                    if (types.matches(event.type()) && Patterns.parse(endpoint.getString("subjects")).matches(event.subject())) {
                        if (payload == null) {
                            payload = EventCodec.encode(event).toString();
                        }
                        messages.add(new NewMessage(endpoint.getUUID("id"), event.orgId(), event.id(), event.type(),
                                event.subject(), payload));
                    }
                }
            }
            return delivery.enqueue(tx, messages, now);
        });
    }

    /** The endpoint as the transport sends to it, or null when it was deleted meanwhile. */
    public Uni<Target> target(SqlClient pool, UUID id) {
        return pool.preparedQuery("SELECT id, url, secret, previous_secret, previous_secret_expires_at, structured,"
                        + " (NOT verified AND NOT skip_handshake) AS needs_handshake FROM " + config.table("endpoints") + " WHERE id = $1")
                .execute(Tuple.of(id)).map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    OffsetDateTime expires = row.getOffsetDateTime("previous_secret_expires_at");
                    return new Target(row.getUUID("id"), row.getString("url"), row.getString("secret"),
                            row.getString("previous_secret"), expires == null ? null : expires.toInstant(),
                            row.getBoolean("structured"), row.getBoolean("needs_handshake"));
                });
    }

    /** Marks the endpoint's handshake done, with the rate the receiver allowed (null when it named none). */
    public Uni<Void> markVerified(SqlClient pool, UUID endpointId, Integer allowedRate) {
        return pool.preparedQuery("UPDATE " + config.table("endpoints") + " SET verified = true, allowed_rate = $2 WHERE id = $1")
                .execute(Tuple.of(endpointId, allowedRate)).replaceWithVoid();
    }

    /** The event a message carries (the payload the fan-out wrote). */
    public static CloudEvent event(String payload) {
        return EventCodec.internal().decode(EventCodec.readTree(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
