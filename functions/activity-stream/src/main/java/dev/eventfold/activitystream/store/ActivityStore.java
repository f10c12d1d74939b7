package dev.eventfold.activitystream.store;

import dev.eventfold.activitystream.ActivityConfig;
import dev.eventfold.activitystream.domain.ActivityItem;
import dev.eventfold.activitystream.domain.Cursor;
import dev.eventfold.activitystream.domain.Position;
import dev.eventfold.model.EventType;
import dev.eventfold.model.Json;
import dev.eventfold.runtime.processing.RuntimeConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The recent-activity store in the function's schema: every replica writes what its consumer reads (idempotent by
 * log position), resumes read what a client missed, pruning keeps it bounded per organization.
 */
@ApplicationScoped
public class ActivityStore {

    @Inject
    Pool pool;
    @Inject
    RuntimeConfig runtime;
    @Inject
    ActivityConfig config;

    /** What a resume finds: the items after the cursor (at most the limit + 1), or that some are pruned already. */
    public record Missed(List<ActivityItem> items, boolean pruned) {
    }

    /** What a client without a cursor starts from: the newest items and the cursor just past them. */
    public record Snapshot(List<ActivityItem> items, Cursor cursor) {
    }

    /**
     * Stores the items and returns those to publish, with their store sequence: the ones now stored at their own
     * position (by this replica or another), not those whose event is already stored at another offset.
     */
    public Uni<List<ActivityItem>> store(List<ActivityItem> items) {
        if (items.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        int n = items.size();
        String[] topics = new String[n], orgs = new String[n], sources = new String[n], ids = new String[n],
                types = new String[n], subjects = new String[n], data = new String[n];
        Integer[] partitions = new Integer[n];
        Long[] offsets = new Long[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            ActivityItem item = items.get(i);
            topics[i] = item.position().topic();
            partitions[i] = item.position().partition();
            offsets[i] = item.position().offset();
            orgs[i] = item.orgId();
            sources[i] = item.source();
            ids[i] = item.eventId();
            types[i] = item.type().type();
            subjects[i] = item.subject();
            times[i] = item.time().atOffset(ZoneOffset.UTC);
            data[i] = item.data().toString();
        }
        String insert = "INSERT INTO " + runtime.table("activity")
                + " (topic, partition, kafka_offset, org_id, source, event_id, type, subject, time, data)"
                + " SELECT t, p, o, g, s, i, y, j, m, d::jsonb FROM unnest($1::text[], $2::int[], $3::bigint[],"
                + " $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[], $10::text[])"
                + " AS x(t, p, o, g, s, i, y, j, m, d) ON CONFLICT DO NOTHING";
        // a second statement, so that rows another replica committed while this insert waited on them are seen
        String stored = "SELECT topic, partition, kafka_offset, sequence FROM " + runtime.table("activity")
                + " WHERE (topic, partition, kafka_offset) IN (SELECT * FROM unnest($1::text[], $2::int[], $3::bigint[]))";
        Tuple where = Tuple.of(topics, partitions, offsets);
        return pool.preparedQuery(insert)
                .execute(Tuple.tuple(List.of(topics, partitions, offsets, orgs, sources, ids, types, subjects, times, data)))
                .chain(() -> pool.preparedQuery(stored).execute(where))
                .map(rows -> {
                    Map<String, Long> sequences = new HashMap<>();
                    for (Row row : rows) {
                        sequences.put(row.getString(0) + "/" + row.getInteger(1) + "/" + row.getLong(2), row.getLong(3));
                    }
                    List<ActivityItem> out = new ArrayList<>(n);
                    for (ActivityItem item : items) {
                        Position p = item.position();
                        Long sequence = sequences.get(p.partitionKey() + "/" + p.offset());
                        if (sequence != null) {
                            out.add(item.withSequence(sequence));
                        }
                    }
                    return out;
                });
    }

    /** Where the consumer resumes each partition: one past the highest offset stored or pruned. */
    public Uni<Map<String, Long>> nextOffsets() {
        String sql = "SELECT topic, partition, max(o) FROM ("
                + "SELECT topic, partition, max(kafka_offset) AS o FROM " + runtime.table("activity") + " GROUP BY 1, 2"
                + " UNION ALL SELECT topic, partition, max(through_offset) FROM " + runtime.table("activity_pruned")
                + " GROUP BY 1, 2) x GROUP BY 1, 2";
        return pool.query(sql).execute().map(rows -> {
            Map<String, Long> next = new HashMap<>();
            rows.forEach(row -> next.put(row.getString(0) + "/" + row.getInteger(1), row.getLong(2) + 1));
            return next;
        });
    }

    /** The organization's items after the cursor, at most {@code limit + 1}, and whether any were pruned. */
    public Uni<Missed> after(String orgId, Cursor cursor, int limit) {
        Map<String, Long> offsets = cursor.offsets();
        List<String> topics = new ArrayList<>();
        List<Integer> partitions = new ArrayList<>();
        List<Long> values = new ArrayList<>();
        offsets.forEach((key, offset) -> {
            int slash = key.lastIndexOf('/');
            topics.add(key.substring(0, slash));
            partitions.add(Integer.parseInt(key.substring(slash + 1)));
            values.add(offset);
        });
        String cursorTable = "(SELECT * FROM unnest($2::text[], $3::int[], $4::bigint[]) AS c(topic, partition, seen))";
        String items = "SELECT a.sequence, a.topic, a.partition, a.kafka_offset, a.source, a.event_id, a.type, a.subject,"
                + " a.time, a.data FROM " + runtime.table("activity") + " a LEFT JOIN " + cursorTable
                + " c ON c.topic = a.topic AND c.partition = a.partition"
                + " WHERE a.org_id = $1 AND a.kafka_offset > coalesce(c.seen, -1) ORDER BY a.sequence LIMIT $5";
        String pruned = "SELECT 1 FROM " + runtime.table("activity_pruned") + " x LEFT JOIN " + cursorTable
                + " c ON c.topic = x.topic AND c.partition = x.partition"
                + " WHERE x.org_id = $1 AND x.through_offset > coalesce(c.seen, -1) LIMIT 1";
        Tuple args = Tuple.of(orgId, topics.toArray(String[]::new), partitions.toArray(Integer[]::new),
                values.toArray(Long[]::new));
        // items first: a prune between the two statements then shows as pruned (a resync), never as a silent gap
        return pool.preparedQuery(items).execute(Tuple.of(args.getValue(0), args.getValue(1), args.getValue(2),
                        args.getValue(3), limit + 1))
                .chain(rows -> pool.preparedQuery(pruned).execute(args)
                        .map(gone -> new Missed(items(orgId, rows), gone.size() > 0)));
    }

    /** The organization's newest items (oldest first) and, taken in the same statement, the cursor past them. */
    public Uni<Snapshot> newest(String orgId, int count) {
        String sql = "WITH mine AS (SELECT * FROM " + runtime.table("activity") + " WHERE org_id = $1),"
                + " top AS (SELECT sequence, topic, partition, kafka_offset, source, event_id, type, subject, time, data,"
                + " false AS position_only FROM mine ORDER BY sequence DESC LIMIT $2),"
                + " ends AS (SELECT 0::bigint, topic, partition, max(kafka_offset), '', '', '', '', now(), 'null'::jsonb,"
                + " true FROM mine GROUP BY topic, partition)"
                + " SELECT * FROM top UNION ALL SELECT * FROM ends";
        return pool.preparedQuery(sql).execute(Tuple.of(orgId, count)).map(rows -> {
            Map<String, Long> ends = new HashMap<>();
            List<Row> itemRows = new ArrayList<>();
            for (Row row : rows) {
                if (row.getBoolean(10)) {
                    ends.put(row.getString(1) + "/" + row.getInteger(2), row.getLong(3));
                } else {
                    itemRows.add(row);
                }
            }
            List<ActivityItem> items = new ArrayList<>();
            for (int i = itemRows.size() - 1; i >= 0; i--) {
                items.add(item(orgId, itemRows.get(i)));
            }
            return new Snapshot(items, Cursor.of(ends));
        });
    }

    /**
     * Keeps at most {@code store.max-items-per-organization} items per organization and none older than the
     * retention, and records per organization and partition the highest offset pruned.
     */
    public Uni<Integer> prune() {
        String sql = "WITH ranked AS (SELECT sequence, row_number() OVER (PARTITION BY org_id ORDER BY sequence DESC) AS rank,"
                + " recorded_at FROM " + runtime.table("activity") + "),"
                + " gone AS (DELETE FROM " + runtime.table("activity") + " a USING ranked r WHERE a.sequence = r.sequence"
                + " AND (r.rank > $1 OR r.recorded_at < now() - make_interval(secs => $2))"
                + " RETURNING a.org_id, a.topic, a.partition, a.kafka_offset),"
                + " marks AS (INSERT INTO " + runtime.table("activity_pruned") + " (org_id, topic, partition, through_offset)"
                + " SELECT org_id, topic, partition, max(kafka_offset) FROM gone GROUP BY 1, 2, 3"
                + " ON CONFLICT (org_id, topic, partition) DO UPDATE SET through_offset ="
                + " greatest(" + runtime.table("activity_pruned") + ".through_offset, excluded.through_offset) RETURNING 1)"
                + " SELECT (SELECT count(*) FROM gone)::int";
        return pool.preparedQuery(sql).execute(Tuple.of(config.store().maxItemsPerOrganization(),
                        (double) config.store().retention().toSeconds()))
                .map(rows -> rows.iterator().next().getInteger(0));
    }

    private static List<ActivityItem> items(String orgId, RowSet<Row> rows) {
        List<ActivityItem> out = new ArrayList<>(rows.size());
        rows.forEach(row -> out.add(item(orgId, row)));
        return out;
    }

    private static ActivityItem item(String orgId, Row row) {
        Object data = row.getValue(9);
        String json = data instanceof JsonObject object ? object.encode() : String.valueOf(data);
        try {
            return new ActivityItem(row.getLong(0), new Position(row.getString(1), row.getInteger(2), row.getLong(3)),
                    orgId, row.getString(4), row.getString(5), EventType.of(row.getString(6)).orElseThrow(),
                    row.getString(7), row.getOffsetDateTime(8).toInstant(), Json.MAPPER.readTree(json));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored data is JSON", e);
        }
    }
}
