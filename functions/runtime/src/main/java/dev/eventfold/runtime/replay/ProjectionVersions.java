package dev.eventfold.runtime.replay;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import org.flywaydb.core.Flyway;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The schema versions of one function's projection ({@code <base>}, {@code <base>_v2}, …) and the pointer to the
 * version that reads and live writes use ({@code <base>.active_version}, runtime migration V6): live writers hold it
 * shared for their transaction, a replay locks it exclusively to drain and switch.
 */
public final class ProjectionVersions {

    /** The Flyway placeholder the function's migrations may use for the version being migrated. */
    public static final String PLACEHOLDER = "projection_schema";
    /** The history table of a version's migrations (the base schema's own history belongs to the function). */
    static final String HISTORY = "flyway_projection_history";

    private final String base;
    private final Pattern version;

    public ProjectionVersions(String base) {
        if (!base.matches("[a-z][a-z0-9_]{0,40}")) {
            throw new IllegalArgumentException("not a lower-case SQL identifier: " + base);
        }
        this.base = base;
        this.version = Pattern.compile(Pattern.quote(base) + "(_v[0-9]{1,6})?");
    }

    /** The first version: the function's own schema, migrated at start-up. */
    public String base() {
        return base;
    }

    /** The name if it is a version of this projection (it is spliced into SQL), else an exception. */
    public String checked(String schema) {
        if (schema == null || !version.matcher(schema).matches()) {
            throw new IllegalArgumentException("not a " + base + " schema version: " + schema);
        }
        return schema;
    }

    /** The version serving reads now. */
    public Uni<String> current(SqlClient client) {
        return client.query("SELECT schema_name FROM " + base + ".active_version").execute()
                .map(rows -> checked(rows.iterator().next().getString(0)));
    }

    /** A live writer's view of the pointer: held shared until {@code tx} ends, so a switch waits for it. */
    public Uni<String> lockForWrite(SqlConnection tx) {
        return tx.query("SELECT schema_name FROM " + base + ".active_version FOR SHARE").execute()
                .map(rows -> checked(rows.iterator().next().getString(0)));
    }

    /** Locks the pointer against live writers until {@code tx} ends (they wait in {@link #lockForWrite}). */
    public Uni<String> lockForSwitch(SqlConnection tx) {
        return tx.query("SELECT schema_name FROM " + base + ".active_version FOR UPDATE").execute()
                .map(rows -> checked(rows.iterator().next().getString(0)));
    }

    /** Points reads and live writes at {@code schema}, within the transaction that holds {@link #lockForSwitch}. */
    public Uni<Void> switchTo(SqlConnection tx, String schema) {
        return tx.preparedQuery("UPDATE " + base + ".active_version SET schema_name = $1, switched_at = now()")
                .execute(Tuple.of(checked(schema))).replaceWithVoid();
    }

    /** Whether the version exists (has been migrated). */
    public Uni<Boolean> exists(SqlClient client, String schema) {
        return client.preparedQuery("SELECT count(*) FROM pg_namespace WHERE nspname = $1")
                .execute(Tuple.of(checked(schema))).map(rows -> rows.iterator().next().getLong(0) > 0);
    }

    /** The next fresh version: one above the highest {@code <base>_vN} there is ({@code <base>_v2} at first). */
    public Uni<String> next(SqlClient client) {
        return client.preparedQuery("SELECT coalesce(max(substring(nspname FROM $1)::int), 1) + 1 FROM pg_namespace "
                        + "WHERE nspname ~ $2")
                .execute(Tuple.of("^" + base + "_v([0-9]+)$", "^" + base + "_v[0-9]+$"))
                .map(rows -> base + "_v" + rows.iterator().next().getInteger(0));
    }

    /**
     * Creates or upgrades a version with the function's migrations at {@code location} (the same files as the base
     * schema's), with the version as search path and as the {@value #PLACEHOLDER} placeholder.
     */
    public void migrate(String jdbcUrl, String user, String password, String location, String schema) {
        Flyway.configure(ProjectionVersions.class.getClassLoader())
                .dataSource(jdbcUrl, user, password)
                .schemas(checked(schema))
                .defaultSchema(schema)
                .table(HISTORY)
                .locations(location)
                .placeholders(Map.of(PLACEHOLDER, schema))
                .load()
                .migrate();
    }
}
