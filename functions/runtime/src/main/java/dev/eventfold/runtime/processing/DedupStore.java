package dev.eventfold.runtime.processing;

import dev.eventfold.model.EventIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The table {@code processed_events}: recording an event's identity (organization, source, id) in the same
 * transaction as its state change is what makes redelivery harmless, whatever the transport promises. The
 * identity, not the client's id alone, so that one tenant's ids never swallow another's events.
 */
@ApplicationScoped
public class DedupStore {

    @Inject
    RuntimeConfig config;

    /**
     * Records the identities (one round trip) and returns those that were not recorded before. A row carried over
     * from before identities were scoped (org_id and source '') still counts as a record of every event with its id.
     */
    public Uni<Set<EventIdentity>> recordNew(SqlConnection tx, List<EventIdentity> events) {
        String table = config.table("processed_events");
        String sql = "INSERT INTO " + table + " (org_id, source, event_id) "
                + "SELECT o, s, i FROM unnest($1::text[], $2::text[], $3::text[]) AS t(o, s, i) "
                + "WHERE NOT EXISTS (SELECT 1 FROM " + table + " legacy WHERE legacy.org_id = '' "
                + "AND legacy.source = '' AND legacy.event_id = t.i) "
                // one lock order for every transaction: two batches holding the same ids in other orders (two
                // replicas, a redelivery beside a retry) wait for each other instead of deadlocking
                + "ORDER BY o, s, i "
                + "ON CONFLICT DO NOTHING RETURNING org_id, source, event_id";
        return tx.preparedQuery(sql)
                .execute(Tuple.of(events.stream().map(EventIdentity::orgId).toArray(String[]::new),
                        events.stream().map(EventIdentity::source).toArray(String[]::new),
                        events.stream().map(EventIdentity::id).toArray(String[]::new)))
                .map(rows -> {
                    Set<EventIdentity> fresh = new HashSet<>();
                    for (Row row : rows) {
                        fresh.add(new EventIdentity(row.getString(0), row.getString(1), row.getString(2)));
                    }
                    return fresh;
                });
    }
}
