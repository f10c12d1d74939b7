package dev.eventfold.webhooks.store;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventCodec;
import dev.eventfold.runtime.processing.RuntimeConfig;
import dev.eventfold.webhooks.domain.AttemptResult;
import dev.eventfold.webhooks.domain.Decision;
import dev.eventfold.webhooks.domain.Patterns;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The delivery side of the tables with the reactive client: fan-out of derived events into {@code messages} (in
 * the intake transaction), claiming due messages with {@code FOR UPDATE SKIP LOCKED}, and recording attempts.
 */
@ApplicationScoped
public class MessageStore {

    private static final EventCodec CODEC = EventCodec.internal();

    @Inject
    RuntimeConfig config;

    /** One pending message per matching endpoint of the event's organization; returns how many were written. */
    public Uni<Integer> fanOut(SqlClient tx, List<CloudEvent> events, Instant now) {
        String[] orgs = events.stream().map(CloudEvent::orgId).distinct().toArray(String[]::new);
        String select = "SELECT id, org_id, event_types, subjects FROM " + config.table("endpoints")
                + " WHERE org_id = ANY($1) AND status <> 'disabled'";
        return tx.preparedQuery(select).execute(Tuple.of(orgs)).chain(rows -> {
            Map<String, List<Row>> byOrg = new HashMap<>();
            for (Row row : rows) {
                byOrg.computeIfAbsent(row.getString("org_id"), k -> new ArrayList<>()).add(row);
            }
            List<UUID> endpoints = new ArrayList<>();
            List<CloudEvent> matched = new ArrayList<>();
            for (CloudEvent event : events) {
                for (Row endpoint : byOrg.getOrDefault(event.orgId(), List.of())) {
                    if (Patterns.parse(endpoint.getString("event_types")).matches(event.type())
                            && Patterns.parse(endpoint.getString("subjects")).matches(event.subject())) {
                        endpoints.add(endpoint.getUUID("id"));
                        matched.add(event);
                    }
                }
            }
            if (matched.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            String insert = "INSERT INTO " + config.table("messages")
                    + " (endpoint_id, org_id, event_id, event_type, subject, event, next_attempt_at, created_at)"
                    + " SELECT e, o, i, t, s, j::jsonb, $7, $7"
                    + " FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS m(e, o, i, t, s, j)"
                    + " ON CONFLICT (endpoint_id, event_id) DO NOTHING";
            Tuple args = Tuple.tuple()
                    .addArrayOfUUID(endpoints.toArray(UUID[]::new))
                    .addArrayOfString(matched.stream().map(CloudEvent::orgId).toArray(String[]::new))
                    .addArrayOfString(matched.stream().map(CloudEvent::id).toArray(String[]::new))
                    .addArrayOfString(matched.stream().map(CloudEvent::type).toArray(String[]::new))
                    .addArrayOfString(matched.stream().map(CloudEvent::subject).toArray(String[]::new))
                    .addArrayOfString(matched.stream().map(e -> EventCodec.encode(e).toString()).toArray(String[]::new))
                    .addOffsetDateTime(at(now));
            return tx.preparedQuery(insert).execute(args).map(result -> result.rowCount());
        });
    }

    /**
     * Claims up to {@code limit} due messages of active endpoints for one attempt each, hiding them from other
     * replicas until {@code leaseUntil}. A message waits while an earlier pending message of the same endpoint and
     * subject exists (unless the endpoint opted out of ordering). Locked rows are skipped, so replicas never
     * claim the same message.
     */
    public Uni<List<ClaimedMessage>> claimDue(SqlClient pool, Instant now, Instant leaseUntil, int limit) {
        String messages = config.table("messages");
        String endpoints = config.table("endpoints");
        String sql = "WITH due AS ("
                + " SELECT m.id FROM " + messages + " m JOIN " + endpoints + " e ON e.id = m.endpoint_id"
                + " WHERE m.status = 'pending' AND m.next_attempt_at <= $1 AND e.status = 'active'"
                + " AND (NOT e.ordered OR NOT EXISTS (SELECT 1 FROM " + messages + " p WHERE p.endpoint_id = m.endpoint_id"
                + "   AND p.subject = m.subject AND p.status = 'pending' AND p.id < m.id))"
                + " ORDER BY m.next_attempt_at, m.id LIMIT $3 FOR UPDATE OF m SKIP LOCKED)"
                + " UPDATE " + messages + " m SET next_attempt_at = $2 FROM due, " + endpoints + " e"
                + " WHERE m.id = due.id AND e.id = m.endpoint_id"
                + " RETURNING m.id, m.endpoint_id, m.event, m.attempts, e.url, e.secret, e.previous_secret,"
                + " e.previous_secret_expires_at, e.structured, (NOT e.verified AND NOT e.skip_handshake) AS needs_handshake";
        return pool.preparedQuery(sql).execute(Tuple.of(at(now), at(leaseUntil), limit)).map(rows -> {
            List<ClaimedMessage> claimed = new ArrayList<>();
            for (Row row : rows) {
                OffsetDateTime expires = row.getOffsetDateTime("previous_secret_expires_at");
                claimed.add(new ClaimedMessage(row.getLong("id"), row.getUUID("endpoint_id"), event(row.getValue("event")),
                        row.getInteger("attempts"), row.getString("url"), row.getString("secret"),
                        row.getString("previous_secret"), expires == null ? null : expires.toInstant(),
                        row.getBoolean("structured"), row.getBoolean("needs_handshake")));
            }
            return claimed;
        });
    }

    /** Records the attempt and applies the decision to the message (and, on 410, to its endpoint) in one transaction. */
    public Uni<Void> record(io.vertx.mutiny.sqlclient.Pool pool, ClaimedMessage message, AttemptResult result,
                            Decision decision, Instant attemptedAt) {
        int attempts = message.attemptsBefore() + 1;
        String status = switch (decision.kind()) {
            case SUCCEEDED -> "succeeded";
            case RETRY -> "pending";
            case FAILED, DISABLE_ENDPOINT -> "failed";
        };
        Instant next = decision.nextAttemptAt() == null ? attemptedAt : decision.nextAttemptAt();
        return pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO " + config.table("attempts")
                        + " (message_id, endpoint_id, attempted_at, outcome, response_code, latency_ms, response_body, error)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                .execute(Tuple.tuple().addLong(message.id()).addUUID(message.endpointId()).addOffsetDateTime(at(attemptedAt))
                        .addString(result.succeeded() ? "succeeded" : "failed").addInteger(result.status())
                        .addInteger((int) result.latencyMillis()).addString(result.body()).addString(result.error()))
                .chain(() -> tx.preparedQuery("UPDATE " + config.table("messages")
                                + " SET status = $2, attempts = $3, next_attempt_at = $4, last_attempt_at = $5 WHERE id = $1")
                        .execute(Tuple.of(message.id(), status, attempts, at(next), at(attemptedAt))))
                .chain(() -> decision.kind() != Decision.Kind.DISABLE_ENDPOINT
                        ? Uni.createFrom().voidItem()
                        : tx.preparedQuery("UPDATE " + config.table("endpoints")
                                        + " SET status = 'disabled', updated_at = $2 WHERE id = $1")
                                .execute(Tuple.of(message.endpointId(), at(attemptedAt))).replaceWithVoid())
                .replaceWithVoid());
    }

    /** Marks the endpoint's handshake done, with the rate the receiver allowed (null when it named none). */
    public Uni<Void> markVerified(SqlClient pool, UUID endpointId, Integer allowedRate) {
        return pool.preparedQuery("UPDATE " + config.table("endpoints") + " SET verified = true, allowed_rate = $2 WHERE id = $1")
                .execute(Tuple.of(endpointId, allowedRate)).replaceWithVoid();
    }

    /** Makes matching messages of the endpoint due again with a fresh retry budget; returns how many. */
    public Uni<Integer> replay(SqlClient pool, UUID endpointId, String eventId, Instant since, boolean failedOnly, Instant now) {
        String sql = "UPDATE " + config.table("messages") + " SET status = 'pending', attempts = 0, next_attempt_at = $2"
                + " WHERE endpoint_id = $1"
                + (eventId != null ? " AND event_id = $3" : " AND created_at >= $3")
                + (failedOnly ? " AND status = 'failed'" : " AND status <> 'pending'");
        Tuple args = Tuple.tuple().addUUID(endpointId).addOffsetDateTime(at(now));
        if (eventId != null) {
            args.addString(eventId);
        } else {
            args.addOffsetDateTime(at(since));
        }
        return pool.preparedQuery(sql).execute(args).map(rows -> rows.rowCount());
    }

    /** The endpoint's messages, newest first, optionally of one status. */
    public Uni<List<Row>> messages(SqlClient pool, UUID endpointId, String status, int limit) {
        String sql = "SELECT event_id, event_type, subject, status, attempts, next_attempt_at, created_at, last_attempt_at FROM "
                + config.table("messages") + " WHERE endpoint_id = $1" + (status == null ? "" : " AND status = $3")
                + " ORDER BY id DESC LIMIT $2";
        Tuple args = Tuple.of(endpointId, limit);
        if (status != null) {
            args.addString(status);
        }
        return pool.preparedQuery(sql).execute(args).map(MessageStore::list);
    }

    /** The endpoint's attempts, newest first. */
    public Uni<List<Row>> attempts(SqlClient pool, UUID endpointId, int limit) {
        String sql = "SELECT m.event_id, a.attempted_at, a.outcome, a.response_code, a.latency_ms, a.response_body, a.error FROM "
                + config.table("attempts") + " a JOIN " + config.table("messages") + " m ON m.id = a.message_id"
                + " WHERE a.endpoint_id = $1 ORDER BY a.id DESC LIMIT $2";
        return pool.preparedQuery(sql).execute(Tuple.of(endpointId, limit)).map(MessageStore::list);
    }

    private static List<Row> list(Iterable<Row> rows) {
        List<Row> out = new ArrayList<>();
        rows.forEach(out::add);
        return out;
    }

    private static CloudEvent event(Object jsonb) {
        String json = jsonb instanceof JsonObject o ? o.encode() : String.valueOf(jsonb);
        return CODEC.decode(EventCodec.readTree(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
