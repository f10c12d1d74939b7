package dev.eventfold.integrations.store;

import dev.eventfold.runtime.processing.RuntimeConfig;
import io.smallrye.mutiny.Uni;
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

/** Replays and their progress (table {@code replays}), with the reactive client. */
@ApplicationScoped
public class ReplayStore {

    @Inject
    RuntimeConfig config;

    public record Replay(UUID id, UUID destinationId, String status, long recordsRead, long recordsTotal,
                         long eventsMatched, long queued, String error, Instant startedAt, Instant finishedAt) {
    }

    public Uni<Replay> create(SqlClient client, UUID id, UUID destinationId, String orgId, long total, Instant now) {
        return client.preparedQuery("INSERT INTO " + config.table("replays")
                        + " (id, destination_id, org_id, status, records_total, started_at) VALUES ($1, $2, $3, 'running', $4, $5) RETURNING *")
                .execute(Tuple.of(id, destinationId, orgId, total, at(now))).map(rows -> of(rows.iterator().next()));
    }

    /** How many records the topics held when the replay started reading. */
    public Uni<Void> total(SqlClient client, UUID id, long total) {
        return client.preparedQuery("UPDATE " + config.table("replays") + " SET records_total = $2 WHERE id = $1")
                .execute(Tuple.of(id, total)).replaceWithVoid();
    }

    public Uni<Void> progress(SqlClient client, UUID id, long read, long matched, long queued) {
        return client.preparedQuery("UPDATE " + config.table("replays")
                        + " SET records_read = $2, events_matched = $3, queued = $4 WHERE id = $1")
                .execute(Tuple.of(id, read, matched, queued)).replaceWithVoid();
    }

    public Uni<Void> finish(SqlClient client, UUID id, String status, String error, Instant now) {
        return client.preparedQuery("UPDATE " + config.table("replays") + " SET status = $2, error = $3, finished_at = $4 WHERE id = $1")
                .execute(Tuple.of(id, status, error, at(now))).replaceWithVoid();
    }

    /** The organization's replays of a destination, newest first. */
    public Uni<List<Replay>> list(SqlClient client, UUID destinationId, String orgId) {
        return client.preparedQuery("SELECT * FROM " + config.table("replays")
                        + " WHERE destination_id = $1 AND org_id = $2 ORDER BY started_at DESC, id LIMIT 100")
                .execute(Tuple.of(destinationId, orgId)).map(rows -> {
                    List<Replay> all = new ArrayList<>();
                    rows.forEach(r -> all.add(of(r)));
                    return all;
                });
    }

    /** Replays left running by a process that stopped are failed at start (their consumer is gone). */
    public Uni<Integer> failAbandoned(SqlClient client, Instant now) {
        return client.preparedQuery("UPDATE " + config.table("replays")
                        + " SET status = 'failed', error = 'the replica running it stopped; start a new replay', finished_at = $1"
                        + " WHERE status = 'running'")
                .execute(Tuple.of(at(now))).map(rows -> rows.rowCount());
    }

    static Replay of(Row r) {
        OffsetDateTime finished = r.getOffsetDateTime("finished_at");
        return new Replay(r.getUUID("id"), r.getUUID("destination_id"), r.getString("status"), r.getLong("records_read"),
                r.getLong("records_total"), r.getLong("events_matched"), r.getLong("queued"), r.getString("error"),
                r.getOffsetDateTime("started_at").toInstant(), finished == null ? null : finished.toInstant());
    }

    static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
