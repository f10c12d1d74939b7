package dev.eventfold.useraggregator.store;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.regex.Pattern;

/**
 * The pointer to the projection's schema version that the read API serves and the live function writes
 * ({@code user_aggregator.active_version}); a replay builds a fresh version and then switches this pointer.
 */
public final class ActiveVersion {

    /** The first schema version, migrated at start-up. */
    public static final String BASE_SCHEMA = "user_aggregator";
    private static final Pattern VERSION = Pattern.compile("user_aggregator(_v[0-9]{1,6})?");

    private ActiveVersion() {
    }

    /** The name if it is a schema version of this projection (it is spliced into SQL), else an exception. */
    public static String checked(String schema) {
        if (schema == null || !VERSION.matcher(schema).matches()) {
            throw new IllegalArgumentException("not a user_aggregator schema version: " + schema);
        }
        return schema;
    }

    /** The schema version serving reads now. */
    public static Uni<String> current(SqlClient client) {
        return client.query("SELECT schema_name FROM user_aggregator.active_version").execute()
                .map(rows -> checked(rows.iterator().next().getString(0)));
    }

    /** What the per-user lock is taken on: the user's organization and id (length-prefixed, unambiguous). */
    public static String lockKey(String orgId, String userId) {
        String org = orgId == null ? "" : orgId;
        return org.length() + ":" + org + "/" + userId;
    }

    /** Locks the pointer against live writers until {@code tx} ends (they wait in {@link UserBatch#applyToActive}). */
    public static Uni<String> lockForSwitch(SqlConnection tx) {
        return tx.query("SELECT schema_name FROM user_aggregator.active_version FOR UPDATE").execute()
                .map(rows -> checked(rows.iterator().next().getString(0)));
    }

    /** Points reads and live writes at {@code schema}, within the transaction that holds {@link #lockForSwitch}. */
    public static Uni<Void> switchTo(SqlConnection tx, String schema) {
        return tx.preparedQuery("UPDATE user_aggregator.active_version SET schema_name = $1, switched_at = now()")
                .execute(Tuple.of(checked(schema))).replaceWithVoid();
    }
}
