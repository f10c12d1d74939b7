package dev.eventfold.delivery.store;

import dev.eventfold.delivery.DeliveryConfig;
import dev.eventfold.delivery.Message;
import dev.eventfold.delivery.NewMessage;
import dev.eventfold.delivery.domain.Decision;
import dev.eventfold.delivery.domain.Outcome;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.DerivedIds;
import dev.eventfold.model.EventType;
import dev.eventfold.model.payload.EndpointDisabled;
import dev.eventfold.model.payload.MessageAttemptExhausted;
import dev.eventfold.runtime.config.FunctionConfig;
import dev.eventfold.runtime.outbox.OutboxStore;
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
    @Inject
    DeliveryConfig deliveryConfig;
    @Inject
    OutboxStore outbox;
    @Inject
    FunctionConfig function;

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
     * What this replica already holds per destination, for the claim to respect the per-destination limits: for
     * each tracked destination its messages in flight here and its rate tokens left ({@code -1}: no limit known).
     */
    public record Holdings(List<UUID> destinations, List<Integer> inFlight, List<Integer> tokens) {

        public static final Holdings NONE = new Holdings(List.of(), List.of(), List.of());
    }

    /** {@link #claim(SqlClient, Instant, Instant, int, List, Holdings)} with nothing held yet. */
    public Uni<List<Claimed>> claim(SqlClient pool, Instant now, Instant leaseUntil, int limit, List<String> transports) {
        return claim(pool, now, leaseUntil, limit, transports, Holdings.NONE);
    }

    /**
     * Claims up to {@code limit} due messages of active destinations served by {@code transports}, hiding them
     * from other replicas until {@code leaseUntil}, oldest due first. Per destination it takes at most
     * {@code destination-max-in-flight} minus what this replica holds, at most the rate tokens left (or, for a
     * destination not tracked yet, its rate limit), nothing while its circuit is open and one probe at a time
     * once the open time is over. A message waits while an earlier pending message of the same destination and
     * subject exists (unless the destination opted out of ordering). Locked rows are skipped, so replicas never
     * claim the same message. The walk goes destination by destination over an index, so a destination with a
     * huge backlog costs no more than one with a single message.
     */
    public Uni<List<Claimed>> claim(SqlClient pool, Instant now, Instant leaseUntil, int limit, List<String> transports,
                                    Holdings holdings) {
        String messages = config.table("delivery_messages");
        String destinations = config.table("delivery_destinations");
        String sql = "WITH held AS (SELECT * FROM unnest($5::uuid[], $6::int[], $7::int[]) AS h(id, in_flight, tokens)),"
                + " due AS ("
                + " SELECT c.id FROM " + destinations + " d LEFT JOIN held h ON h.id = d.id"
                + " CROSS JOIN LATERAL ("
                + "   SELECT m.id, m.next_attempt_at FROM " + messages + " m"
                + "   WHERE m.destination_id = d.id AND m.status = 'pending' AND m.next_attempt_at <= $1"
                + "   AND (NOT d.ordered OR NOT EXISTS (SELECT 1 FROM " + messages + " p WHERE p.destination_id = m.destination_id"
                + "     AND p.subject = m.subject AND p.status = 'pending' AND p.id < m.id))"
                + "   ORDER BY m.next_attempt_at, m.id"
                + "   LIMIT greatest(0, least("
                + "     (CASE WHEN d.consecutive_failures >= $9 THEN 1 ELSE $8 END) - coalesce(h.in_flight, 0),"
                + "     coalesce(nullif(h.tokens, -1), d.rate_limit, $8)))"
                + "   FOR UPDATE OF m SKIP LOCKED) c"
                + " WHERE d.status = 'active' AND d.transport = ANY($4) AND (d.blocked_until IS NULL OR d.blocked_until <= $1)"
                + " ORDER BY c.next_attempt_at, c.id LIMIT $3)"
                + " UPDATE " + messages + " m SET next_attempt_at = $2 FROM due, " + destinations + " d"
                + " WHERE m.id = due.id AND d.id = m.destination_id"
                + " RETURNING m.id, m.destination_id, m.org_id, m.event_id, m.event_type, m.subject, m.payload, m.attempts,"
                + " m.created_at, d.transport, d.ordered, d.rate_limit";
        Tuple args = Tuple.tuple().addOffsetDateTime(at(now)).addOffsetDateTime(at(leaseUntil)).addInteger(limit)
                .addArrayOfString(transports.toArray(String[]::new))
                .addArrayOfUUID(holdings.destinations().toArray(UUID[]::new))
                .addArrayOfInteger(holdings.inFlight().toArray(Integer[]::new))
                .addArrayOfInteger(holdings.tokens().toArray(Integer[]::new))
                .addInteger(deliveryConfig.destinationMaxInFlight())
                .addInteger(deliveryConfig.circuitBreaker().failureThreshold());
        return pool.preparedQuery(sql).execute(args)
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
        return recordWithNotices(pool, results, attemptedAt).replaceWithVoid();
    }

    /** The delivery notices a recording committed to the outbox (for the relay), with their outbox ids. */
    public record Notices(List<CloudEvent> events, List<Long> outboxIds) {
    }

    /**
     * {@link #record} that also writes, in the same transaction, the customer's delivery notices to the runtime's
     * outbox: {@code dev.eventfold.message.attempt.exhausted} for each message whose retries ran out and
     * {@code dev.eventfold.endpoint.disabled} when this recording disabled the destination. Hand the result to
     * the {@code OutboxRelay} once committed.
     */
    public Uni<Notices> recordWithNotices(Pool pool, List<Recorded> results, Instant attemptedAt) {
        return pool.withTransaction(tx -> {
            List<CloudEvent> notices = new ArrayList<>();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Recorded result : results) {
                chain = chain.chain(() -> recordOne(tx, result, attemptedAt, notices));
            }
            return chain.chain(() -> circuit(tx, results, attemptedAt))
                    .chain(() -> notices.isEmpty() ? Uni.createFrom().item(List.<Long>of()) : outbox.add(tx, notices))
                    .map(ids -> new Notices(List.copyOf(notices), ids));
        });
    }

    private CloudEvent exhausted(Message message, Outcome outcome, Instant at) {
        String fn = function.functionName();
        return CloudEvent.of(DerivedIds.derivedId(fn, message.orgId(), "/delivery/" + message.destinationId(),
                        message.eventId() + "/" + at.toEpochMilli()), "/functions/" + fn,
                EventType.MESSAGE_ATTEMPT_EXHAUSTED, message.destinationId().toString(), at, message.orgId(), null,
                new MessageAttemptExhausted(message.destinationId().toString(), message.orgId(), fn, message.eventId(),
                        message.type(), message.subject(), message.attempt(), outcome.responseCode(),
                        outcome.error() != null ? outcome.error() : outcome.reason(), at));
    }

    private CloudEvent disabled(Message message, String reason, Instant at) {
        String fn = function.functionName();
        return CloudEvent.of(DerivedIds.derivedId(fn, message.orgId(), "/delivery/" + message.destinationId(),
                        "disabled/" + at.toEpochMilli()), "/functions/" + fn,
                EventType.ENDPOINT_DISABLED, message.destinationId().toString(), at, message.orgId(), null,
                new EndpointDisabled(message.destinationId().toString(), message.orgId(), fn, reason, at));
    }

    /**
     * The circuit breaker's count, per batch (all of one destination): an answer that is not a failure closes
     * the circuit; a batch that failed entirely without an answer or with 5xx counts one failure, and reaching
     * the threshold opens the circuit for {@code open-for} (again after every failed probe).
     */
    private Uni<Void> circuit(SqlClient tx, List<Recorded> results, Instant attemptedAt) {
        if (results.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        boolean failed = results.stream().allMatch(r -> breaksCircuit(r.outcome()));
        UUID destination = results.get(0).message().destinationId();
        String table = config.table("delivery_destinations");
        if (!failed) {
            return tx.preparedQuery("UPDATE " + table + " SET consecutive_failures = 0, blocked_until = NULL"
                            + " WHERE id = $1 AND (consecutive_failures > 0 OR blocked_until IS NOT NULL)")
                    .execute(Tuple.of(destination)).replaceWithVoid();
        }
        Instant openUntil = attemptedAt.plus(deliveryConfig.circuitBreaker().openFor());
        return tx.preparedQuery("UPDATE " + table + " SET consecutive_failures = consecutive_failures + 1,"
                        + " blocked_until = CASE WHEN consecutive_failures + 1 >= $2 THEN $3 ELSE blocked_until END WHERE id = $1")
                .execute(Tuple.of(destination, deliveryConfig.circuitBreaker().failureThreshold(), at(openUntil)))
                .replaceWithVoid();
    }

    /** No answer at all, or a server error: what the circuit breaker counts (a 4xx or 429 is an answer). */
    static boolean breaksCircuit(Outcome outcome) {
        return (outcome.kind() == Outcome.Kind.RETRY || outcome.kind() == Outcome.Kind.RETRY_AFTER)
                && (outcome.responseCode() == null || outcome.responseCode() >= 500);
    }

    private Uni<Void> recordOne(SqlClient tx, Recorded recorded, Instant attemptedAt, List<CloudEvent> notices) {
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
                .invoke(() -> {
                    if (decision.exhausted()) {
                        notices.add(exhausted(message, outcome, attemptedAt));
                    }
                })
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
                                    .addString(reason).addOffsetDateTime(at(attemptedAt)))
                            .invoke(rows -> {
                                // only the recording that disabled it tells (a paused one is the owner's to see)
                                if (rows.rowCount() > 0 && decision.kind() == Decision.Kind.DISABLE_DESTINATION) {
                                    notices.add(disabled(message, reason, attemptedAt));
                                }
                            }).replaceWithVoid();
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

    /**
     * Deletes attempts made before {@code before}, at most {@code batchSize} per statement, until none is left;
     * returns how many. Messages keep their state (status, attempt count, last attempt time).
     */
    public Uni<Integer> pruneAttempts(SqlClient pool, Instant before, int batchSize) {
        String attempts = config.table("delivery_attempts");
        String sql = "DELETE FROM " + attempts + " WHERE id IN (SELECT id FROM " + attempts
                + " WHERE attempted_at < $1 ORDER BY attempted_at LIMIT $2)";
        return pool.preparedQuery(sql).execute(Tuple.of(at(before), batchSize)).map(rows -> rows.rowCount())
                .chain(deleted -> deleted < batchSize ? Uni.createFrom().item(deleted)
                        : pruneAttempts(pool, before, batchSize).map(more -> deleted + more));
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
