package dev.eventfold.delivery.store;

import dev.eventfold.delivery.Destination;
import dev.eventfold.runtime.processing.RuntimeConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import static dev.eventfold.delivery.store.DeliveryStore.at;

/**
 * The {@code delivery_destinations} rows: created with the function's own row for the destination (same id),
 * paused, resumed and disabled by the customer or by a transport's outcome, deleted with their messages and
 * attempts. Every read that serves an API takes the organization, so a destination is only ever seen by its own.
 */
@ApplicationScoped
public class DestinationStore {

    private static final String COLUMNS = "id, org_id, transport, status, status_reason, ordered, rate_limit, receiver_rate, version";

    @Inject
    RuntimeConfig config;
    @Inject
    Wakeups wakeups;

    public Uni<Destination> create(SqlClient client, UUID id, String orgId, String transport, boolean ordered,
                                   Integer rateLimit, Instant now) {
        return client.preparedQuery("INSERT INTO " + table() + " (id, org_id, transport, ordered, rate_limit, created_at, updated_at)"
                        + " VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING " + COLUMNS)
                .execute(Tuple.tuple().addUUID(id).addString(orgId).addString(transport).addBoolean(ordered)
                        .addInteger(rateLimit).addOffsetDateTime(at(now)))
                .map(rows -> of(rows.iterator().next()));
    }

    /** The organization's destination, or null. */
    public Uni<Destination> get(SqlClient client, UUID id, String orgId) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM " + table() + " WHERE id = $1 AND org_id = $2")
                .execute(Tuple.of(id, orgId))
                .map(rows -> rows.iterator().hasNext() ? of(rows.iterator().next()) : null);
    }

    /** The organization's destinations among {@code ids}. */
    public Uni<List<Destination>> list(SqlClient client, String orgId, Collection<UUID> ids) {
        return client.preparedQuery("SELECT " + COLUMNS + " FROM " + table() + " WHERE org_id = $1 AND id = ANY($2)")
                .execute(Tuple.of(orgId, ids.toArray(UUID[]::new)))
                .map(rows -> {
                    List<Destination> out = new ArrayList<>();
                    rows.forEach(row -> out.add(of(row)));
                    return out;
                });
    }

    /** Changes the delivery options present (null keeps); returns the destination or null when not the organization's. */
    public Uni<Destination> update(SqlClient client, UUID id, String orgId, Boolean ordered, Integer rateLimit, Instant now) {
        return client.preparedQuery("UPDATE " + table() + " SET ordered = coalesce($3, ordered),"
                        + " rate_limit = coalesce($4, rate_limit), updated_at = $5, version = version + 1 WHERE id = $1 AND org_id = $2 RETURNING " + COLUMNS)
                .execute(Tuple.tuple().addUUID(id).addString(orgId).addBoolean(ordered).addInteger(rateLimit).addOffsetDateTime(at(now)))
                .map(rows -> rows.iterator().hasNext() ? of(rows.iterator().next()) : null);
    }

    /**
     * Sets the status (active, paused, disabled) with its reason; returns the destination or null when it is not
     * the organization's. Resuming (active) a paused or disabled destination lets its pending messages go out (this
     * replica's worker is woken for them).
     */
    public Uni<Destination> setStatus(SqlClient client, UUID id, String orgId, String status, String reason, Instant now) {
        // resuming also closes the circuit: the customer says the destination is back
        return client.preparedQuery("UPDATE " + table() + " SET status = $3, status_reason = $4, updated_at = $5, version = version + 1,"
                        + " consecutive_failures = CASE WHEN $3 = 'active' THEN 0 ELSE consecutive_failures END,"
                        + " blocked_until = CASE WHEN $3 = 'active' THEN NULL ELSE blocked_until END"
                        + " WHERE id = $1 AND org_id = $2 RETURNING " + COLUMNS)
                .execute(Tuple.tuple().addUUID(id).addString(orgId).addString(status).addString(reason).addOffsetDateTime(at(now)))
                .map(rows -> rows.iterator().hasNext() ? of(rows.iterator().next()) : null)
                .invoke(destination -> {
                    if (destination != null && Destination.ACTIVE.equals(status)) {
                        wakeups.afterCommit(client);   // this replica's worker; the others' find it on their poll
                    }
                });
    }

    /**
     * Raises the destination's version without changing it: the transport changed what it keeps for it (e.g. a
     * webhook's URL or secrets), so every replica's cache of that reads it again.
     */
    public Uni<Void> touch(SqlClient client, UUID id, Instant now) {
        return client.preparedQuery("UPDATE " + table() + " SET version = version + 1, updated_at = $2 WHERE id = $1")
                .execute(Tuple.of(id, at(now))).replaceWithVoid();
    }

    /**
     * Sets the rate the destination's receiver allowed, in messages per minute (null: no limit from it); the claim
     * holds the destination to the lower of this and its own rate limit. Raises the version.
     */
    public Uni<Void> setReceiverRate(SqlClient client, UUID id, Integer perMinute, Instant now) {
        return client.preparedQuery("UPDATE " + table() + " SET receiver_rate = $2, version = version + 1, updated_at = $3 WHERE id = $1")
                .execute(Tuple.tuple().addUUID(id).addInteger(perMinute).addOffsetDateTime(at(now))).replaceWithVoid();
    }

    /** Deletes the destination with its messages and attempts (and, by their foreign key, the function's row). */
    public Uni<Boolean> delete(SqlClient client, UUID id, String orgId) {
        return client.preparedQuery("DELETE FROM " + table() + " WHERE id = $1 AND org_id = $2")
                .execute(Tuple.of(id, orgId)).map(rows -> rows.rowCount() > 0);
    }

    private String table() {
        return config.table("delivery_destinations");
    }

    static Destination of(Row row) {
        return new Destination(row.getUUID("id"), row.getString("org_id"), row.getString("transport"),
                row.getString("status"), row.getString("status_reason"), row.getBoolean("ordered"),
                row.getInteger("rate_limit"), row.getInteger("receiver_rate"), row.getLong("version"));
    }
}
