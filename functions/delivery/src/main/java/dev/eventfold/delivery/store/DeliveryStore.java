package dev.eventfold.delivery.store;

import dev.eventfold.delivery.Message;
import dev.eventfold.delivery.NewMessage;
import dev.eventfold.delivery.domain.Decision;
import dev.eventfold.delivery.domain.Outcome;
import dev.eventfold.runtime.processing.RuntimeConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The durable queue ({@code delivery_messages}, {@code delivery_attempts}) with the reactive client: enqueue in the
 * intake transaction, claim due messages with {@code FOR UPDATE SKIP LOCKED}, record attempts and decisions,
 * list and replay for the API.
 */
@ApplicationScoped
public class DeliveryStore {

    /** How much of a response body an attempt keeps. */
    public static final int BODY_LIMIT = 1024;

    @Inject
    RuntimeConfig config;

    /** A claimed message with the transport of its destination. */
    public record Claimed(Message message, String transport, String orgId, boolean ordered, Integer rateLimit) {
    }

    /**
     * Enqueues pending messages, due now, in the caller's transaction (the intake's, so the effect is exactly
     * once); a message already queued for the destination with the same event id is skipped. Returns how many
     * were written.
     */
    public Uni<Integer> enqueue(SqlClient tx, List<NewMessage> messages, Instant now) {
        if (messages.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        String insert = "INSERT INTO " + config.table("delivery_messages")
                + " (destination_id, org_id, event_id, event_type, subject, payload, next_attempt_at, created_at)"
                + " SELECT d, o, i, t, s, p::jsonb, $7, $7"
                + " FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS m(d, o, i, t, s, p)"
                + " ON CONFLICT (destination_id, event_id) DO NOTHING";
        Tuple args = Tuple.tuple()
                .addArrayOfUUID(messages.stream().map(NewMessage::destinationId).toArray(UUID[]::new))
                .addArrayOfString(messages.stream().map(NewMessage::orgId).toArray(String[]::new))
                .addArrayOfString(messages.stream().map(NewMessage::eventId).toArray(String[]::new))
                .addArrayOfString(messages.stream().map(NewMessage::type).toArray(String[]::new))
                .addArrayOfString(messages.stream().map(NewMessage::subject).toArray(String[]::new))
                .addArrayOfString(messages.stream().map(NewMessage::payload).toArray(String[]::new))
                .addOffsetDateTime(at(now));
        return tx.preparedQuery(insert).execute(args).map(result -> result.rowCount());
    }

    /**
     * Claims up to {@code limit} due messages of active destinations served by {@code transports}, hiding them
     * from other replicas until {@code leaseUntil}. A message waits while an earlier pending message of the same
     * destination and subject exists (unless the destination opted out of ordering). Locked rows are skipped, so
     * replicas never claim the same message. Oldest due first.
     */
    public Uni<List<Claimed>> claim(SqlClient pool, Instant now, Instant leaseUntil, int limit, List<String> transports) {
        String messages = config.table("delivery_messages");
        String destinations = config.table("delivery_destinations");
        String sql = "WITH due AS ("
                + " SELECT m.id FROM " + messages + " m JOIN " + destinations + " d ON d.id = m.destination_id"
                + " WHERE m.status = 'pending' AND m.next_attempt_at <= $1 AND d.status = 'active' AND d.transport = ANY($4)"
                + " AND (NOT d.ordered OR NOT EXISTS (SELECT 1 FROM " + messages + " p WHERE p.destination_id = m.destination_id"
                + "   AND p.subject = m.subject AND p.status = 'pending' AND p.id < m.id))"
                + " ORDER BY m.next_attempt_at, m.id LIMIT $3 FOR UPDATE OF m SKIP LOCKED)"
                + " UPDATE " + messages + " m SET next_attempt_at = $2 FROM due, " + destinations + " d"
                + " WHERE m.id = due.id AND d.id = m.destination_id"
                + " RETURNING m.id, m.destination_id, m.org_id, m.event_id, m.event_type, m.subject, m.payload, m.attempts,"
                + " m.created_at, d.transport, d.ordered, d.rate_limit";
        return pool.preparedQuery(sql).execute(Tuple.of(at(now), at(leaseUntil), limit, transports.toArray(String[]::new)))
                .map(rows -> {
                    List<Claimed> claimed = new ArrayList<>();
                    for (Row row : rows) {
                        Message message = new Message(row.getLong("id"), row.getUUID("destination_id"), row.getString("org_id"),
                                row.getString("event_id"), row.getString("event_type"), row.getString("subject"),
                                json(row.getValue("payload")), row.getInteger("attempts"), instant(row, "created_at"));
                        claimed.add(new Claimed(message, row.getString("transport"), row.getString("org_id"),
                                row.getBoolean("ordered"), row.getInteger("rate_limit")));
                    }
                    claimed.sort((a, b) -> Long.compare(a.message().id(), b.message().id()));
                    return claimed;
                });
    }

    /** One message's attempt with the decision taken on it. */
    public record Recorded(Message message, Outcome outcome, Decision decision) {
    }

    /**
     * Records a batch's attempts and applies each decision to its message, and a pause or disable to the
     * destination, in one transaction.
     */
    public Uni<Void> record(Pool pool, List<Recorded> results, Instant attemptedAt) {
        return pool.withTransaction(tx -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Recorded result : results) {
                chain = chain.chain(() -> recordOne(tx, result, attemptedAt));
            }
            return chain;
        });
    }

    private Uni<Void> recordOne(SqlClient tx, Recorded recorded, Instant attemptedAt) {
        Message message = recorded.message();
        Outcome outcome = recorded.outcome();
        Decision decision = recorded.decision();
        boolean paused = decision.kind() == Decision.Kind.PAUSE_DESTINATION;
        int attempts = paused ? message.attemptsBefore() : message.attempt();
        String status = switch (decision.kind()) {
            case SUCCEEDED -> "succeeded";
            case RETRY, PAUSE_DESTINATION -> "pending";
            case FAILED, DISABLE_DESTINATION -> "failed";
        };
        Instant next = decision.nextAttemptAt() == null ? attemptedAt : decision.nextAttemptAt();
        String body = outcome.responseBody() == null || outcome.responseBody().length() <= BODY_LIMIT
                ? outcome.responseBody() : outcome.responseBody().substring(0, BODY_LIMIT);
        Uni<Void> attempt = tx.preparedQuery("INSERT INTO " + config.table("delivery_attempts")
                        + " (message_id, destination_id, attempted_at, outcome, response_code, latency_ms, response_body, error)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                .execute(Tuple.tuple().addLong(message.id()).addUUID(message.destinationId()).addOffsetDateTime(at(attemptedAt))
                        .addString(outcome.delivered() ? "succeeded" : "failed").addInteger(outcome.responseCode())
                        .addInteger((int) Math.min(Integer.MAX_VALUE, outcome.latencyMillis())).addString(body)
                        .addString(outcome.error() != null ? outcome.error() : outcome.reason()))
                .replaceWithVoid();
        return attempt.chain(() -> tx.preparedQuery("UPDATE " + config.table("delivery_messages")
                                + " SET status = $2, attempts = $3, next_attempt_at = $4, last_attempt_at = $5, failure = $6 WHERE id = $1")
                        .execute(Tuple.tuple().addLong(message.id()).addString(status).addInteger(attempts)
                                .addOffsetDateTime(at(next)).addOffsetDateTime(at(attemptedAt)).addString(decision.failure())))
                .chain(() -> {
                    String destinationStatus = switch (decision.kind()) {
                        case DISABLE_DESTINATION -> "disabled";
                        case PAUSE_DESTINATION -> "paused";
                        default -> null;
                    };
                    if (destinationStatus == null) {
                        return Uni.createFrom().voidItem();
                    }
                    String reason = outcome.reason() != null ? outcome.reason()
                            : outcome.responseCode() != null ? "status " + outcome.responseCode() : outcome.error();
                    return tx.preparedQuery("UPDATE " + config.table("delivery_destinations")
                                    + " SET status = $2, status_reason = $3, updated_at = $4 WHERE id = $1 AND status = 'active'")
                            .execute(Tuple.tuple().addUUID(message.destinationId()).addString(destinationStatus)
                                    .addString(reason).addOffsetDateTime(at(attemptedAt))).replaceWithVoid();
                });
    }

    /**
     * Makes matching finished messages of the destination due again with a fresh retry budget: one (by event
     * id), or every failed (or every finished) one created since a time. Returns how many. The caller has checked
     * that the destination is the organization's.
     */
    public Uni<Integer> replay(SqlClient pool, UUID destinationId, String eventId, Instant since, boolean failedOnly, Instant now) {
        String sql = "UPDATE " + config.table("delivery_messages")
                + " SET status = 'pending', attempts = 0, next_attempt_at = $2, failure = NULL"
                + " WHERE destination_id = $1"
                + (eventId != null ? " AND event_id = $3" : " AND created_at >= $3")
                + (failedOnly ? " AND status = 'failed'" : " AND status <> 'pending'");
        Tuple args = Tuple.tuple().addUUID(destinationId).addOffsetDateTime(at(now));
        if (eventId != null) {
            args.addString(eventId);
        } else {
            args.addOffsetDateTime(at(since));
        }
        return pool.preparedQuery(sql).execute(args).map(rows -> rows.rowCount());
    }

    /** The destination's messages, newest first, optionally of one status. */
    public Uni<List<QueuedMessage>> messages(SqlClient pool, UUID destinationId, String status, int limit) {
        String sql = "SELECT event_id, event_type, subject, status, attempts, next_attempt_at, created_at, last_attempt_at, failure FROM "
                + config.table("delivery_messages") + " WHERE destination_id = $1" + (status == null ? "" : " AND status = $3")
                + " ORDER BY id DESC LIMIT $2";
        Tuple args = Tuple.of(destinationId, limit);
        if (status != null) {
            args.addString(status);
        }
        return pool.preparedQuery(sql).execute(args).map(rows -> {
            List<QueuedMessage> out = new ArrayList<>();
            for (Row row : rows) {
                out.add(new QueuedMessage(row.getString("event_id"), row.getString("event_type"), row.getString("subject"),
                        row.getString("status"), row.getInteger("attempts"), instant(row, "next_attempt_at"),
                        instant(row, "created_at"), instant(row, "last_attempt_at"), row.getString("failure")));
            }
            return out;
        });
    }

    /** The destination's attempts, newest first. */
    public Uni<List<Attempt>> attempts(SqlClient pool, UUID destinationId, int limit) {
        String sql = "SELECT m.event_id, a.attempted_at, a.outcome, a.response_code, a.latency_ms, a.response_body, a.error FROM "
                + config.table("delivery_attempts") + " a JOIN " + config.table("delivery_messages") + " m ON m.id = a.message_id"
                + " WHERE a.destination_id = $1 ORDER BY a.id DESC LIMIT $2";
        return pool.preparedQuery(sql).execute(Tuple.of(destinationId, limit)).map(rows -> {
            List<Attempt> out = new ArrayList<>();
            for (Row row : rows) {
                out.add(new Attempt(row.getString("event_id"), instant(row, "attempted_at"), row.getString("outcome"),
                        row.getInteger("response_code"), row.getInteger("latency_ms"), row.getString("response_body"),
                        row.getString("error")));
            }
            return out;
        });
    }

    static String json(Object jsonb) {
        if (jsonb instanceof JsonObject o) {
            return o.encode();
        }
        if (jsonb instanceof JsonArray a) {
            return a.encode();
        }
        return String.valueOf(jsonb);
    }

    static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    public static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
