package dev.eventfold.useraggregator.store;

import dev.eventfold.useraggregator.domain.Login;
import dev.eventfold.useraggregator.domain.User;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.eventfold.useraggregator.store.Rows.ts;

/** The read API's queries of one schema version of the user projection (every write goes through {@link UserBatch}). */
public final class UserStore {

    static final String USER_COLUMNS = "u.id, u.org_id, u.name, u.email, u.roles, u.created_at, u.updated_at, "
            + "u.login_count, u.failed_login_count, u.last_login_at, u.last_login_ip";

    private final String schema;

    public UserStore(String schema) {
        this.schema = ActiveVersion.checked(schema);
    }

    public String schema() {
        return schema;
    }

    // ---- reads (tenant-scoped: every query filters on the caller's organization) ----

    public Uni<Optional<User>> find(SqlClient client, String orgId, String id) {
        return client.preparedQuery("SELECT " + USER_COLUMNS + " FROM " + schema + ".users u WHERE u.id = $1 AND u.org_id = $2")
                .execute(Tuple.of(id, orgId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(user(rows.iterator().next())));
    }

    /** Up to {@code limit} users of the organization with ids after {@code afterId} (null: from the start). */
    public Uni<List<User>> page(SqlClient client, String orgId, String afterId, int limit) {
        return client.preparedQuery("SELECT " + USER_COLUMNS + " FROM " + schema + ".users u WHERE u.org_id = $1 "
                        + "AND ($2::text IS NULL OR u.id > $2) ORDER BY u.id LIMIT $3")
                .execute(Tuple.of(orgId, afterId, limit))
                .map(UserStore::users);
    }

    /** Up to {@code limit} history entries of a user, newest first, strictly before the (at, eventId) cursor. */
    public Uni<List<Login>> history(SqlClient client, String orgId, String userId, boolean failed, Instant beforeAt,
                                    String beforeEventId, int limit) {
        String table = failed ? "user_failed_logins" : "user_logins";
        String reason = failed ? "l.reason" : "NULL::text AS reason";
        return client.preparedQuery("SELECT l.org_id, l.user_id, l.source, l.event_id, l.at, l.ip, l.user_agent, "
                        + reason + " FROM " + schema + "." + table + " l WHERE l.org_id = $5 AND l.user_id = $1 "
                        + "AND ($2::timestamptz IS NULL OR (l.at, l.event_id) < ($2::timestamptz, $3::text)) "
                        + "ORDER BY l.at DESC, l.event_id DESC LIMIT $4")
                .execute(Tuple.tuple().addString(userId).addOffsetDateTime(ts(beforeAt)).addString(beforeEventId)
                        .addInteger(limit).addString(orgId))
                .map(rows -> {
                    List<Login> out = new ArrayList<>();
                    for (Row r : rows) {
                        out.add(new Login(r.getString("org_id"), r.getString("user_id"), r.getString("source"),
                                r.getString("event_id"), instant(r, "at"),
                                r.getString("ip"), r.getString("user_agent"), r.getString("reason")));
                    }
                    return out;
                });
    }

    static List<User> users(RowSet<Row> rows) {
        List<User> out = new ArrayList<>();
        for (Row r : rows) {
            out.add(user(r));
        }
        return out;
    }

    static User user(Row r) {
        return new User(r.getString("id"), r.getString("org_id"), r.getString("name"), r.getString("email"),
                List.of(r.getArrayOfStrings("roles")), instant(r, "created_at"), instant(r, "updated_at"),
                r.getLong("login_count"), r.getLong("failed_login_count"), instant(r, "last_login_at"),
                r.getString("last_login_ip"));
    }

    private static Instant instant(Row r, String column) {
        OffsetDateTime t = r.getOffsetDateTime(column);
        return t == null ? null : t.toInstant();
    }

}
