package dev.eventfold.delivery.store;

import dev.eventfold.delivery.DeliveryConfig;
import dev.eventfold.delivery.Destination;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
    @Inject
    Wakeups wakeups;

    /** A claimed message with its destination (as it was at the claim: options, receiver's rate, version). */
    public record Claimed(Message message, Destination destination) {

        public String transport() {
            return destination.transport();
        }

        public String orgId() {
            return destination.orgId();
        }

        public boolean ordered() {
            return destination.ordered();
        }

        public Integer rateLimit() {
            return destination.rateLimit();
        }
    }

    /**
     * Enqueues pending messages, due now, in the caller's transaction (the intake's, so the effect is exactly
     * once); a message already queued for the destination with the same event id is skipped. Returns how many
     * were written. When any was, the same statement notifies the other replicas and this replica's worker is
     * woken once the transaction commits ({@link Wakeups}).
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
        return writeAndWake(tx, insert, args);
    }

    /**
     * Runs a write that makes messages due now and returns how many rows it wrote; if any, it also notifies the
     * other replicas (in the same statement, so in the same transaction: no round trip of its own) and wakes this
     * replica's worker after the commit.
     */
    private Uni<Integer> writeAndWake(SqlClient client, String write, Tuple args) {
        Uni<Integer> written;
        if (deliveryConfig.wakeup().notifyReplicas()) {
            int channel = args.size() + 1;
            String sql = "WITH written AS (" + write + " RETURNING 1), n AS (SELECT count(*) AS n FROM written)"
                    + " SELECT n.n, (SELECT count(*) FROM (SELECT pg_notify($" + channel + ", $" + (channel + 1) + ")"
                    + " WHERE n.n > 0) AS sent) FROM n";
            written = client.preparedQuery(sql).execute(args.addString(wakeups.channel()).addString(wakeups.replica()))
                    .map(rows -> (int) rows.iterator().next().getLong(0).longValue());
        } else {
            written = client.preparedQuery(write).execute(args).map(rows -> rows.rowCount());
        }
        return written.invoke(n -> {
            if (n > 0) {
                wakeups.afterCommit(client);
            }
        });
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
     * from other replicas until {@code leaseUntil} (their {@code claimed_until}, which a recording clears), oldest
     * due first. Per destination it takes at most
     * {@code destination-max-in-flight} minus what this replica holds, at most the rate tokens left (or, for a
     * destination not tracked yet, one second's worth of its rate: the lower of its rate limit and its receiver's
     * rate), nothing while its circuit is open and one probe at a time
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
                + "   AND (m.claimed_until IS NULL OR m.claimed_until <= $1)"
                + "   AND (NOT d.ordered OR NOT EXISTS (SELECT 1 FROM " + messages + " p WHERE p.destination_id = m.destination_id"
                + "     AND p.subject = m.subject AND p.status = 'pending' AND p.id < m.id))"
                + "   ORDER BY m.next_attempt_at, m.id"
                + "   LIMIT greatest(0, least("
                + "     (CASE WHEN d.consecutive_failures >= $9 THEN 1 ELSE $8 END) - coalesce(h.in_flight, 0),"
                + "     coalesce(nullif(h.tokens, -1), ceil(least(d.rate_limit::bigint * 60, d.receiver_rate) / 60.0)::int, $8)))"
                + "   FOR UPDATE OF m SKIP LOCKED) c"
                + " WHERE d.status = 'active' AND d.transport = ANY($4) AND (d.blocked_until IS NULL OR d.blocked_until <= $1)"
                + " ORDER BY c.next_attempt_at, c.id LIMIT $3)"
                // the lease only: claimed_until is in no index, so the row can be updated in place (HOT)
                + " UPDATE " + messages + " m SET claimed_until = $2 FROM due, " + destinations + " d"
                + " WHERE m.id = due.id AND d.id = m.destination_id"
                // the payload as text: what the transport gets (no jsonb decode and re-encode per message)
                + " RETURNING m.id, m.destination_id, m.org_id, m.event_id, m.event_type, m.subject, m.payload::text AS payload, m.attempts,"
                + " m.created_at, d.transport, d.ordered, d.rate_limit, d.receiver_rate, d.version";
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
                                row.getString("payload"), row.getInteger("attempts"), instant(row, "created_at"));
                        claimed.add(new Claimed(message, new Destination(message.destinationId(), message.orgId(),
                                row.getString("transport"), Destination.ACTIVE, null, row.getBoolean("ordered"),
                                row.getInteger("rate_limit"), row.getInteger("receiver_rate"), row.getLong("version"))));
                    }
                    claimed.sort((a, b) -> Long.compare(a.message().id(), b.message().id()));
                    return claimed;
                });
    }

    /** One message's attempt with the decision taken on it. */
    public record Recorded(Message message, Outcome outcome, Decision decision) {
    }

    /** A batch's attempts with the time they were made: what a recording takes, alone or with other batches'. */
    public record Round(List<Recorded> results, Instant attemptedAt) {
    }

    /**
     * Records a batch's attempts and applies each decision to its message, and a pause or disable to the
     * destination, in one transaction.
     */
    public Uni<Void> record(Pool pool, List<Recorded> results, Instant attemptedAt) {
        return recordWithNotices(pool, results, attemptedAt).replaceWithVoid();
    }

    /**
     * The delivery notices a recording committed to the outbox (for the relay), with their outbox rows, and whether
     * it finished a message of an ordered destination whose subject has a later message waiting (which is due
     * for a claim now).
     */
    public record Notices(List<CloudEvent> events, OutboxStore.Added outbox, boolean successorsWaiting) {
    }

    /**
     * {@link #record} that also writes, in the same transaction, the customer's delivery notices to the runtime's
     * outbox: {@code dev.eventfold.message.attempt.exhausted} for each message whose retries ran out and
     * {@code dev.eventfold.endpoint.disabled} when this recording disabled the destination. Hand the result to
     * the {@code OutboxRelay} once committed.
     */
    public Uni<Notices> recordWithNotices(Pool pool, List<Recorded> results, Instant attemptedAt) {
        return recordWithNotices(pool, List.of(new Round(results, attemptedAt)));
    }

    /**
     * {@link #recordWithNotices(Pool, List, Instant)} of several batches (of any destinations, in the order they
     * finished) in one transaction and a fixed number of statements: every attempt in one insert, every message
     * in one update, every circuit in one update (each destination's batches counted in order); only a pause or
     * disable costs a statement of its own.
     */
    public Uni<Notices> recordWithNotices(Pool pool, List<Round> rounds) {
        return pool.withTransaction(tx -> {
            List<CloudEvent> notices = new ArrayList<>();
            boolean[] successorsWaiting = new boolean[1];
            return attempts(tx, rounds)
                    .chain(() -> messages(tx, rounds, notices).invoke(waiting -> successorsWaiting[0] = waiting))
                    .chain(() -> statuses(tx, rounds, notices))
                    .chain(() -> circuits(tx, rounds))
                    .chain(() -> outbox.add(tx, notices))
                    .map(added -> new Notices(List.copyOf(notices), added, successorsWaiting[0]));
        });
    }

    private Uni<Void> attempts(SqlClient tx, List<Round> rounds) {
        int n = rounds.stream().mapToInt(r -> r.results().size()).sum();
        if (n == 0) {
            return Uni.createFrom().voidItem();
        }
        Long[] messages = new Long[n];
        UUID[] destinations = new UUID[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        String[] outcomes = new String[n];
        Integer[] codes = new Integer[n];
        Integer[] latencies = new Integer[n];
        String[] bodies = new String[n];
        String[] errors = new String[n];
        int i = 0;
        for (Round round : rounds) {
            for (Recorded recorded : round.results()) {
                Outcome outcome = recorded.outcome();
                messages[i] = recorded.message().id();
                destinations[i] = recorded.message().destinationId();
                at[i] = at(round.attemptedAt());
                outcomes[i] = outcome.delivered() ? "succeeded" : "failed";
                codes[i] = outcome.responseCode();
                latencies[i] = (int) Math.min(Integer.MAX_VALUE, outcome.latencyMillis());
                bodies[i] = outcome.responseBody() == null || outcome.responseBody().length() <= BODY_LIMIT
                        ? outcome.responseBody() : outcome.responseBody().substring(0, BODY_LIMIT);
                errors[i] = outcome.error() != null ? outcome.error() : outcome.reason();
                i++;
            }
        }
        return tx.preparedQuery("INSERT INTO " + config.table("delivery_attempts")
                        + " (message_id, destination_id, attempted_at, outcome, response_code, latency_ms, response_body, error)"
                        + " SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::timestamptz[], $4::text[], $5::int[], $6::int[],"
                        + " $7::text[], $8::text[])")
                .execute(Tuple.tuple().addArrayOfLong(messages).addArrayOfUUID(destinations).addArrayOfOffsetDateTime(at)
                        .addArrayOfString(outcomes).addArrayOfInteger(codes).addArrayOfInteger(latencies)
                        .addArrayOfString(bodies).addArrayOfString(errors))
                .replaceWithVoid();
    }

    /** Applies the decisions; whether a finished message of an ordered destination has a later one of its subject pending. */
    private Uni<Boolean> messages(SqlClient tx, List<Round> rounds, List<CloudEvent> notices) {
        int n = rounds.stream().mapToInt(r -> r.results().size()).sum();
        if (n == 0) {
            return Uni.createFrom().item(false);
        }
        Long[] ids = new Long[n];
        String[] statuses = new String[n];
        Integer[] attempts = new Integer[n];
        OffsetDateTime[] next = new OffsetDateTime[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        String[] failures = new String[n];
        int i = 0;
        for (Round round : rounds) {
            for (Recorded recorded : round.results()) {
                Message message = recorded.message();
                Decision decision = recorded.decision();
                ids[i] = message.id();
                statuses[i] = switch (decision.kind()) {
                    case SUCCEEDED -> "succeeded";
                    case RETRY, PAUSE_DESTINATION -> "pending";
                    case FAILED, DISABLE_DESTINATION -> "failed";
                };
                attempts[i] = decision.kind() == Decision.Kind.PAUSE_DESTINATION ? message.attemptsBefore() : message.attempt();
                next[i] = at(decision.nextAttemptAt() == null ? round.attemptedAt() : decision.nextAttemptAt());
                at[i] = at(round.attemptedAt());
                failures[i] = decision.failure();
                if (decision.exhausted()) {
                    notices.add(exhausted(message, recorded.outcome(), round.attemptedAt()));
                }
                i++;
            }
        }
        String messages = config.table("delivery_messages");
        // the successor probe runs only for finished messages of ordered destinations, over the pending-subject index
        return tx.preparedQuery("WITH updated AS (UPDATE " + messages + " m SET status = u.status, attempts = u.attempts,"
                        + " next_attempt_at = u.next, last_attempt_at = u.at, failure = u.failure, claimed_until = NULL"
                        + " FROM unnest($1::bigint[], $2::text[], $3::int[], $4::timestamptz[], $5::timestamptz[], $6::text[])"
                        + " AS u(id, status, attempts, next, at, failure) WHERE m.id = u.id"
                        + " RETURNING m.id, m.destination_id, m.subject, m.status)"
                        + " SELECT EXISTS (SELECT 1 FROM updated f JOIN " + config.table("delivery_destinations") + " d"
                        + " ON d.id = f.destination_id AND d.ordered WHERE f.status <> 'pending' AND EXISTS (SELECT 1 FROM "
                        + messages + " p WHERE p.destination_id = f.destination_id AND p.subject = f.subject"
                        + " AND p.status = 'pending' AND p.id > f.id))")
                .execute(Tuple.tuple().addArrayOfLong(ids).addArrayOfString(statuses).addArrayOfInteger(attempts)
                        .addArrayOfOffsetDateTime(next).addArrayOfOffsetDateTime(at).addArrayOfString(failures))
                .map(rows -> rows.iterator().next().getBoolean(0));
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

    /** The destinations a decision pauses or disables (rare: one statement each). */
    private Uni<Void> statuses(SqlClient tx, List<Round> rounds, List<CloudEvent> notices) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Round round : rounds) {
            for (Recorded recorded : round.results()) {
                Decision decision = recorded.decision();
                String destinationStatus = switch (decision.kind()) {
                    case DISABLE_DESTINATION -> "disabled";
                    case PAUSE_DESTINATION -> "paused";
                    default -> null;
                };
                if (destinationStatus == null) {
                    continue;
                }
                Message message = recorded.message();
                Outcome outcome = recorded.outcome();
                Instant attemptedAt = round.attemptedAt();
                String reason = outcome.reason() != null ? outcome.reason()
                        : outcome.responseCode() != null ? "status " + outcome.responseCode() : outcome.error();
                chain = chain.chain(() -> tx.preparedQuery("UPDATE " + config.table("delivery_destinations")
                                + " SET status = $2, status_reason = $3, updated_at = $4 WHERE id = $1 AND status = 'active'")
                        .execute(Tuple.tuple().addUUID(message.destinationId()).addString(destinationStatus)
                                .addString(reason).addOffsetDateTime(at(attemptedAt)))
                        .invoke(rows -> {
                            // only the recording that disabled it tells (a paused one is the owner's to see)
                            if (rows.rowCount() > 0 && decision.kind() == Decision.Kind.DISABLE_DESTINATION) {
                                notices.add(disabled(message, reason, attemptedAt));
                            }
                        }).replaceWithVoid());
            }
        }
        return chain;
    }

    /**
     * The circuit breaker's count, per batch (all of one destination): an answer that is not a failure closes
     * the circuit; a batch that failed entirely without an answer or with 5xx counts one failure, and reaching
     * the threshold opens the circuit for {@code open-for} (again after every failed probe). Several batches of
     * a destination count in order: after the last closing one (if any), each failed one adds one.
     */
    private Uni<Void> circuits(SqlClient tx, List<Round> rounds) {
        Map<UUID, int[]> counts = new TreeMap<>();            // destination → {closed (0/1), failures after it}
        Map<UUID, Instant> lastFailed = new HashMap<>();
        for (Round round : rounds) {
            if (round.results().isEmpty()) {
                continue;
            }
            UUID destination = round.results().get(0).message().destinationId();
            int[] count = counts.computeIfAbsent(destination, k -> new int[2]);
            if (round.results().stream().allMatch(r -> breaksCircuit(r.outcome()))) {
                count[1]++;
                lastFailed.put(destination, round.attemptedAt());
            } else {
                count[0] = 1;
                count[1] = 0;
            }
        }
        if (counts.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = counts.size();
        UUID[] ids = new UUID[n];
        Boolean[] closed = new Boolean[n];
        Integer[] failures = new Integer[n];
        OffsetDateTime[] openUntil = new OffsetDateTime[n];
        int i = 0;
        for (Map.Entry<UUID, int[]> e : counts.entrySet()) {
            ids[i] = e.getKey();
            closed[i] = e.getValue()[0] == 1;
            failures[i] = e.getValue()[1];
            Instant failedAt = lastFailed.get(e.getKey());
            openUntil[i] = failedAt == null ? null : at(failedAt.plus(deliveryConfig.circuitBreaker().openFor()));
            i++;
        }
        String counted = "(CASE WHEN u.closed THEN 0 ELSE d.consecutive_failures END)";
        return tx.preparedQuery("UPDATE " + config.table("delivery_destinations") + " d SET consecutive_failures = "
                        + counted + " + u.failures, blocked_until = CASE WHEN u.failures > 0 AND " + counted + " + u.failures >= $5"
                        + " THEN u.open_until WHEN u.closed THEN NULL ELSE d.blocked_until END"
                        + " FROM unnest($1::uuid[], $2::boolean[], $3::int[], $4::timestamptz[]) AS u(id, closed, failures, open_until)"
                        + " WHERE d.id = u.id AND (u.failures > 0 OR d.consecutive_failures > 0 OR d.blocked_until IS NOT NULL)")
                .execute(Tuple.tuple().addArrayOfUUID(ids).addArrayOfBoolean(closed).addArrayOfInteger(failures)
                        .addArrayOfOffsetDateTime(openUntil).addInteger(deliveryConfig.circuitBreaker().failureThreshold()))
                .replaceWithVoid();
    }

    /** No answer at all, or a server error: what the circuit breaker counts (a 4xx or 429 is an answer). */
    static boolean breaksCircuit(Outcome outcome) {
        return (outcome.kind() == Outcome.Kind.RETRY || outcome.kind() == Outcome.Kind.RETRY_AFTER)
                && (outcome.responseCode() == null || outcome.responseCode() >= 500);
    }

    /**
     * Makes matching finished messages of the destination due again with a fresh retry budget: one (by event
     * id), or every failed (or every finished) one created since a time. Returns how many. The caller has checked
     * that the destination is the organization's.
     */
    public Uni<Integer> replay(SqlClient pool, UUID destinationId, String eventId, Instant since, boolean failedOnly, Instant now) {
        String sql = "UPDATE " + config.table("delivery_messages")
                + " SET status = 'pending', attempts = 0, next_attempt_at = $2, failure = NULL, claimed_until = NULL"
                + " WHERE destination_id = $1"
                + (eventId != null ? " AND event_id = $3" : " AND created_at >= $3")
                + (failedOnly ? " AND status = 'failed'" : " AND status <> 'pending'");
        Tuple args = Tuple.tuple().addUUID(destinationId).addOffsetDateTime(at(now));
        if (eventId != null) {
            args.addString(eventId);
        } else {
            args.addOffsetDateTime(at(since));
        }
        return writeAndWake(pool, sql, args);
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

    static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }

    public static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
