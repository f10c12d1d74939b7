package dev.eventfold.useraggregator.store;

import dev.eventfold.runtime.replay.ProjectionVersions;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;

/**
 * The user projection's schema versions and the pointer that the read API serves and the live function writes
 * ({@code user_aggregator.active_version}); the runtime's replay builds a version, catches one up and switches it.
 */
public final class ActiveVersion {

    /** The first schema version, migrated at start-up. */
    public static final String BASE_SCHEMA = "user_aggregator";
    public static final ProjectionVersions VERSIONS = new ProjectionVersions(BASE_SCHEMA);

    private ActiveVersion() {
    }

    /** The name if it is a schema version of this projection (it is spliced into SQL), else an exception. */
    public static String checked(String schema) {
        return VERSIONS.checked(schema);
    }

    /** The schema version serving reads now. */
    public static Uni<String> current(SqlClient client) {
        return VERSIONS.current(client);
    }

    /** What the per-user lock is taken on: the user's organization and id (length-prefixed, unambiguous). */
    public static String lockKey(String orgId, String userId) {
        String org = orgId == null ? "" : orgId;
        return org.length() + ":" + org + "/" + userId;
    }

    /** Locks the pointer against live writers until {@code tx} ends (they wait in {@link UserBatch#applyToActive}). */
    public static Uni<String> lockForSwitch(SqlConnection tx) {
        return VERSIONS.lockForSwitch(tx);
    }

    /** Points reads and live writes at {@code schema}, within the transaction that holds {@link #lockForSwitch}. */
    public static Uni<Void> switchTo(SqlConnection tx, String schema) {
        return VERSIONS.switchTo(tx, schema);
    }
}
