package dev.eventfold.runtime.replay;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The table {@code <version>.applied_events}: the events one projection version holds. The live function and a
 * replay both record here, in the transaction of the change, so an event reaching a version twice (a replay's
 * drain overlapping the live consumer, a version caught up again before a switch back) applies once.
 */
public final class AppliedEvents {

    private AppliedEvents() {
    }

    /**
     * Records the events' identities in {@code schema} (one statement, in one stable order) and returns those it did
     * not hold. A row without organization and source (written before identities were scoped) still counts as a
     * record of every event with its id.
     */
    public static Uni<Set<EventIdentity>> recordNew(SqlConnection tx, String schema, List<CloudEvent> events) {
        return tx.preparedQuery(recordSql(schema)).execute(identities(events)).map(AppliedEvents::recorded);
    }

    /** The statement of {@link #recordNew}, for a store that pipelines it with its own reads: {@link #identities}, {@link #recorded}. */
    public static String recordSql(String schema) {
        String table = schema + ".applied_events";
        return "INSERT INTO " + table + " (org_id, source, event_id) "
                + "SELECT o, s, i FROM unnest($1::text[], $2::text[], $3::text[]) AS t(o, s, i) "
                + "WHERE NOT EXISTS (SELECT 1 FROM " + table + " legacy WHERE legacy.org_id = '' "
                + "AND legacy.source = '' AND legacy.event_id = t.i) "
                + "ORDER BY o, s, i ON CONFLICT DO NOTHING RETURNING org_id, source, event_id";
    }

    /** The arguments of {@link #recordSql}. */
    public static Tuple identities(List<CloudEvent> events) {
        String[] orgs = new String[events.size()];
        String[] sources = new String[events.size()];
        String[] ids = new String[events.size()];
        for (int i = 0; i < events.size(); i++) {
            EventIdentity id = events.get(i).identity();
            orgs[i] = id.orgId();
            sources[i] = id.source();
            ids[i] = id.id();
        }
        return Tuple.of(orgs, sources, ids);
    }

    /** What {@link #recordSql} returned: the identities that were new. */
    public static Set<EventIdentity> recorded(Iterable<Row> rows) {
        Set<EventIdentity> fresh = new HashSet<>();
        for (Row r : rows) {
            fresh.add(new EventIdentity(r.getString(0), r.getString(1), r.getString(2)));
        }
        return fresh;
    }
}
