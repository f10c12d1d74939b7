package dev.eventfold.runtime.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventCodec;
import dev.eventfold.model.KafkaBinding;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The table {@code outbox}: the derived events of a transaction, written as one row in that transaction and deleted
 * once Kafka acknowledged them, so that a crash between commit and emit never loses one. A row holds its events in
 * order and the Kafka keys they are sent with, which is all the order check needs.
 */
@ApplicationScoped
public class OutboxStore {

    /** Most events a pass reads at once (at least one row, however large). */
    static final int PASS_EVENTS = 2000;
    /** Most rows a pass reads at once. */
    static final int PASS_ROWS = 500;

    @Inject
    RuntimeConfig config;

    /** A row waiting in the outbox: the derived events of one transaction, in order. */
    public record Pending(long id, List<CloudEvent> events) {
    }

    /**
     * What {@link #add} stored: the new row's id (none when there were no events) and the ids of the rows with
     * events of the same keys that were already waiting (committed before, by this replica or another, and not yet
     * deleted), or {@code unchecked} when the caller asked not to look (it is behind and sends nothing directly).
     */
    public record Added(List<Long> ids, List<Long> olderOfTheirSubjects, boolean unchecked) {
        static final Added NOTHING = new Added(List.of(), List.of(), false);
    }

    /** {@link #add(SqlClient, List, boolean)}, looking for older rows of the same keys. */
    public Uni<Added> add(SqlClient tx, List<CloudEvent> events) {
        return add(tx, events, true);
    }

    /**
     * Stores the events, in order, as one row and, when {@code checkOlder}, finds in the same statement (whose
     * snapshot does not see the row it inserts) the older rows still waiting with events of the same keys: one
     * round trip. The check reads the rows waiting, which are few while the relay keeps up; a relay that is behind
     * sends only through passes over the table, so its callers skip it.
     */
    public Uni<Added> add(SqlClient tx, List<CloudEvent> events, boolean checkOlder) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(Added.NOTHING);
        }
        String[] json = new String[events.size()];
        Set<String> keys = new LinkedHashSet<>();
        for (int i = 0; i < json.length; i++) {
            CloudEvent event = events.get(i);
            json[i] = EventCodec.encode(event).toString();
            keys.add(keyOf(event));
        }
        String table = config.table("outbox");
        String insert = "INSERT INTO " + table + " (events, keys, n) VALUES ($1::text[], $2::text[], $3) RETURNING id";
        String sql = checkOlder
                ? "WITH added AS (" + insert + ") SELECT id, true FROM added UNION ALL "
                        + "SELECT o.id, false FROM " + table + " o WHERE o.keys && $2::text[]"
                : insert;
        return tx.preparedQuery(sql).execute(Tuple.of(json, keys.toArray(String[]::new), json.length)).map(rows -> {
            List<Long> ids = new ArrayList<>(1);
            List<Long> older = new ArrayList<>();
            for (Row row : rows) {
                (!checkOlder || row.getBoolean(1) ? ids : older).add(row.getLong(0));
            }
            return new Added(ids, older, !checkOlder);
        });
    }

    /** The key the event is sent with; one without an organization cannot be sent, and keeps a key of its own. */
    private static String keyOf(CloudEvent event) {
        return event.orgId() == null ? "/" + event.subject() : KafkaBinding.key(event.orgId(), event.subject());
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
     * Sets one event of a row aside that Kafka refused for good: copied to {@code outbox_refused} with the reason
     * (under an id of its own from the outbox's sequence), out of every later pass's way once its row is deleted.
     * The event goes as text, cast in SQL: a Java string bound to a jsonb parameter would be stored as a JSON string.
     */
    public Uni<Void> refuse(SqlClient tx, long rowId, CloudEvent event, String reason) {
        String table = config.table("outbox");
        String sql = "INSERT INTO " + config.table("outbox_refused") + " (id, event, reason, created_at) "
                + "SELECT nextval(pg_get_serial_sequence($4, 'id')), $2::text::jsonb, $3, created_at FROM " + table
                + " WHERE id = $1";
        return tx.preparedQuery(sql).execute(Tuple.of(rowId, EventCodec.encode(event).toString(), reason, table))
                .replaceWithVoid();
    }

    /**
     * The oldest rows older than {@code minAge}, in id order: at most {@link #PASS_ROWS}, and no more rows than it
     * takes to reach {@link #PASS_EVENTS} events. The transaction first takes the outbox's advisory lock, so the
     * passes of all replicas run one after another: two passes side by side (each skipping the other's rows) could
     * send a key's later event before its earlier one.
     */
    public Uni<List<Pending>> lockOldest(SqlClient tx, Duration minAge) {
        String table = config.table("outbox");
        String sql = "SELECT o.id, o.events FROM (SELECT id, sum(n) OVER (ORDER BY id) - n AS before FROM " + table
                + " WHERE created_at <= now() - make_interval(secs => $1) ORDER BY id LIMIT $2) t JOIN " + table
                + " o ON o.id = t.id WHERE t.before < $3 ORDER BY o.id";
        return tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtext($1))").execute(Tuple.of(table))
                .chain(() -> tx.preparedQuery(sql).execute(Tuple.of(minAge.toMillis() / 1000.0, PASS_ROWS, PASS_EVENTS)))
                .map(rows -> {
                    List<Pending> pending = new ArrayList<>();
                    for (Row row : rows) {
                        String[] events = row.getArrayOfStrings(1);
                        List<CloudEvent> read = new ArrayList<>(events.length);
                        for (String json : events) {
                            read.add(read(json));
                        }
                        pending.add(new Pending(row.getLong(0), read));
                    }
                    return pending;
                });
    }
}
