package dev.eventfold.runtime.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventCodec;
import dev.eventfold.runtime.processing.RuntimeConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The table {@code outbox}: derived events written in the transaction that derived them, deleted once Kafka
 * acknowledged them, so that a crash between commit and emit never loses one.
 */
@ApplicationScoped
public class OutboxStore {

    @Inject
    RuntimeConfig config;

    /** A derived event waiting in the outbox. */
    public record Pending(long id, CloudEvent event) {
    }

    /**
     * What {@link #add} stored: the new rows' ids, in order, and the ids of the rows of the same subjects that
     * were already waiting (committed before, by this replica or another, and not yet deleted).
     */
    public record Added(List<Long> ids, List<Long> olderOfTheirSubjects) {
        static final Added NOTHING = new Added(List.of(), List.of());
    }

    /**
     * Stores the events in order and, in the same statement (whose snapshot does not see the rows it inserts),
     * finds the older rows of their subjects still in the outbox: one round trip.
     */
    public Uni<Added> add(SqlClient tx, List<CloudEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(Added.NOTHING);
        }
        String[] json = events.stream().map(e -> EventCodec.encode(e).toString()).toArray(String[]::new);
        String table = config.table("outbox");
        String sql = "WITH added AS (INSERT INTO " + table + " (event) "
                + "SELECT e::jsonb FROM unnest($1::text[]) WITH ORDINALITY AS t(e, n) ORDER BY n "
                + "RETURNING id, event->>'subject' AS subject) "
                + "SELECT id, true FROM added UNION ALL "
                + "SELECT o.id, false FROM " + table + " o WHERE o.event->>'subject' IN (SELECT subject FROM added)";
        return tx.preparedQuery(sql).execute(Tuple.of(json)).map(rows -> {
            List<Long> ids = new ArrayList<>();
            List<Long> older = new ArrayList<>();
            for (Row row : rows) {
                (row.getBoolean(1) ? ids : older).add(row.getLong(0));
            }
            return new Added(ids, older);
        });
    }

    /** The stored event as written, without validating it again: a derived event never becomes a poison row. */
    static CloudEvent read(String json) {
        JsonNode node = EventCodec.readTree(json.getBytes(StandardCharsets.UTF_8));
        return new CloudEvent(node.path("id").asText(), node.path("source").asText(), node.path("type").asText(),
                node.path("subject").asText(), Instant.parse(node.path("time").asText()),
                node.path("orgid").asText(null), node.path("actorid").asText(null), node.path("data"),
                node.path("traceparent").asText(null), node.path("tracestate").asText(null),
                node.path("sequence").asText(null));
    }

    public Uni<Void> delete(SqlClient client, List<Long> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return client.preparedQuery("DELETE FROM " + config.table("outbox") + " WHERE id = ANY($1::bigint[])")
                .execute(Tuple.of(ids.toArray(Long[]::new)))
                .replaceWithVoid();
    }

    /**
     * Sets a row aside that Kafka refused for good: moved to {@code outbox_refused} with the reason, out of every
     * later pass's way.
     */
    public Uni<Void> refuse(SqlClient tx, long id, String reason) {
        String sql = "WITH moved AS (DELETE FROM " + config.table("outbox") + " WHERE id = $1 RETURNING id, event, created_at) "
                + "INSERT INTO " + config.table("outbox_refused") + " (id, event, reason, created_at) "
                + "SELECT id, event, $2, created_at FROM moved ON CONFLICT (id) DO NOTHING";
        return tx.preparedQuery(sql).execute(Tuple.of(id, reason)).replaceWithVoid();
    }

    /**
     * The oldest pending events older than {@code minAge}, in id order. The transaction first takes the outbox's
     * advisory lock, so the passes of all replicas run one after another: two passes side by side (each skipping the
     * other's rows) could send a subject's later row before its earlier one.
     */
    public Uni<List<Pending>> lockOldest(SqlClient tx, Duration minAge, int limit) {
        String sql = "SELECT id, event::text FROM " + config.table("outbox")
                + " WHERE created_at <= now() - make_interval(secs => $1) ORDER BY id LIMIT $2";
        return tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtext($1))").execute(Tuple.of(config.table("outbox")))
                .chain(() -> tx.preparedQuery(sql).execute(Tuple.of(minAge.toMillis() / 1000.0, limit))).map(rows -> {
            List<Pending> pending = new ArrayList<>();
            for (Row row : rows) {
                pending.add(new Pending(row.getLong(0), read(row.getString(1))));
            }
            return pending;
        });
    }
}
