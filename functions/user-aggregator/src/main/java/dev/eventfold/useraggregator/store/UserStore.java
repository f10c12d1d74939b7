package dev.eventfold.useraggregator.store;

import static dev.eventfold.useraggregator.store.Rows.ts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventCodec;
import dev.eventfold.model.EventIdentity;
import dev.eventfold.useraggregator.domain.Login;
import dev.eventfold.useraggregator.domain.Outcome;
import dev.eventfold.useraggregator.domain.User;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The SQL of one schema version of the user projection: loading a user with its parked events, writing the
 * aggregator's outcomes in as few round trips as possible (usually one), and the read API's queries.
 */
public final class UserStore {

    static final String USER_COLUMNS = "u.id, u.org_id, u.name, u.email, u.roles, u.created_at, u.updated_at, "
            + "u.login_count, u.failed_login_count, u.last_login_at, u.last_login_ip";
    private static final EventCodec CODEC = EventCodec.internal();

    private final String schema;

    public UserStore(String schema) {
        this.schema = ActiveVersion.checked(schema);
    }

    public String schema() {
        return schema;
    }

    /** What {@link #markAndLoad} found: whether the event is new to this version, the user, its parked events. */
    public record Loaded(boolean fresh, Optional<User> user, List<CloudEvent> parked) {
    }

    /**
     * Records the event as applied in this version and loads the user, plus its parked events when the user does
     * not exist yet: one round trip. {@code fresh} is false when this version has applied the event before.
     */
    public Uni<Loaded> markAndLoad(SqlConnection tx, CloudEvent event) {
        String sql = "WITH fresh AS (INSERT INTO " + schema + ".applied_events (org_id, source, event_id) "
                + "VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1) "
                + "SELECT (SELECT count(*) FROM fresh) AS fresh, " + USER_COLUMNS + ", "
                + "(SELECT coalesce(json_agg(p.event ORDER BY p.seq), '[]'::json) FROM " + schema + ".parked_events p "
                + "WHERE p.org_id = $1 AND p.user_id = $4 AND p.rejected_reason IS NULL AND u.id IS NULL) AS parked "
                + "FROM (VALUES (1)) one LEFT JOIN " + schema + ".users u ON u.org_id = $1 AND u.id = $4";
        EventIdentity identity = event.identity();
        return tx.preparedQuery(sql).execute(Tuple.of(identity.orgId(), identity.source(), identity.id(), event.subject()))
                .map(rows -> {
            Row row = rows.iterator().next();
            Optional<User> user = row.getString("id") == null ? Optional.empty() : Optional.of(user(row));
            List<CloudEvent> parked = new ArrayList<>();
            Object json = row.getValue("parked");
            String text = json instanceof JsonArray a ? a.encode() : String.valueOf(json);
            for (JsonNode node : EventCodec.readTree(text.getBytes(StandardCharsets.UTF_8))) {
                parked.add(CODEC.decode(node));
            }
            return new Loaded(row.getLong("fresh") > 0, user, parked);
        });
    }

    /** Writes the outcomes of one event: the last user state, history entries, parked event changes. */
    public Uni<Void> write(SqlConnection tx, List<Outcome> outcomes) {
        User last = null;
        List<Login> logins = new ArrayList<>();
        List<EventIdentity> unparked = new ArrayList<>();
        List<Tuple> rejected = new ArrayList<>();
        CloudEvent toPark = null;
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome o = outcomes.get(i);
            if (o instanceof Outcome.Applied a) {
                last = a.user();
                a.login().ifPresent(logins::add);
                if (i > 0) {
                    unparked.add(a.source().identity());
                }
            } else if (o instanceof Outcome.Parked p) {
                toPark = p.source();
            } else if (o instanceof Outcome.Rejected r) {
                EventIdentity id = r.source().identity();
                rejected.add(Tuple.of(r.reason(), id.orgId(), id.source(), id.id()));
            }
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        if (toPark != null) {
            CloudEvent p = toPark;
            chain = chain.chain(() -> park(tx, p));
        }
        if (last != null) {
            User user = last;
            Login single = logins.size() == 1 ? logins.get(0) : null;
            chain = chain.chain(() -> upsert(tx, user, single));
            if (logins.size() > 1) {
                chain = chain.chain(() -> insertLogins(tx, logins));
            }
        }
        if (!unparked.isEmpty()) {
            chain = chain.chain(() -> unpark(tx, schema, unparked));
        }
        if (!rejected.isEmpty()) {
            chain = chain.chain(() -> tx.preparedQuery(REJECT_PARKED.formatted(schema)).executeBatch(rejected)
                    .replaceWithVoid());
        }
        return chain;
    }

    private Uni<Void> park(SqlConnection tx, CloudEvent event) {
        return tx.preparedQuery(PARK.formatted(schema)).execute(parkRow(event)).replaceWithVoid();
    }

    /** Parks an event, keyed by its identity (organization, source, id). */
    static final String PARK = "INSERT INTO %s.parked_events (event_id, user_id, org_id, source, type, time, event) "
            + "VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb) ON CONFLICT (org_id, source, event_id) DO NOTHING";
    /** Marks a parked event (reason, org, source, id) as never applicable. */
    static final String REJECT_PARKED = "UPDATE %s.parked_events SET rejected_reason = $1 "
            + "WHERE org_id = $2 AND source = $3 AND event_id = $4";

    static Tuple parkRow(CloudEvent event) {
        EventIdentity id = event.identity();
        return Tuple.tuple().addString(id.id()).addString(event.subject()).addString(id.orgId()).addString(id.source())
                .addString(event.type()).addOffsetDateTime(ts(event.time()))
                .addValue(new JsonObject(EventCodec.encode(event).toString()));
    }

    /** Deletes parked events by identity (they were applied). */
    static Uni<Void> unpark(SqlConnection tx, String schema, List<EventIdentity> ids) {
        String[] orgs = ids.stream().map(EventIdentity::orgId).toArray(String[]::new);
        String[] sources = ids.stream().map(EventIdentity::source).toArray(String[]::new);
        String[] eventIds = ids.stream().map(EventIdentity::id).toArray(String[]::new);
        return tx.preparedQuery("DELETE FROM " + schema + ".parked_events WHERE (org_id, source, event_id) IN "
                        + "(SELECT * FROM unnest($1::text[], $2::text[], $3::text[]))")
                .execute(Tuple.of(orgs, sources, eventIds)).replaceWithVoid();
    }

    /** Upserts the user's whole state and, in the same statement, at most one history entry. */
    private Uni<Void> upsert(SqlConnection tx, User u, Login login) {
        String sql = "WITH ok AS (INSERT INTO " + schema + ".user_logins (org_id, source, event_id, user_id, at, ip, "
                + "user_agent) SELECT $2::text, $18::text, $12::text, $1::text, $13::timestamptz, $14::text, $15::text "
                + "WHERE $16::text = 'ok' ON CONFLICT DO NOTHING), "
                + "failed AS (INSERT INTO " + schema + ".user_failed_logins (org_id, source, event_id, user_id, at, ip, "
                + "user_agent, reason) SELECT $2::text, $18::text, $12::text, $1::text, $13::timestamptz, $14::text, "
                + "$15::text, $17::text WHERE $16::text = 'failed' ON CONFLICT DO NOTHING) "
                + "INSERT INTO " + schema + ".users (id, org_id, name, email, roles, created_at, updated_at, login_count, "
                + "failed_login_count, last_login_at, last_login_ip) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
                + "ON CONFLICT (org_id, id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email, roles = EXCLUDED.roles, "
                + "created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at, login_count = EXCLUDED.login_count, "
                + "failed_login_count = EXCLUDED.failed_login_count, last_login_at = EXCLUDED.last_login_at, "
                + "last_login_ip = EXCLUDED.last_login_ip";
        Tuple t = Tuple.tuple().addString(u.id()).addString(u.orgId()).addString(u.name()).addString(u.email())
                .addArrayOfString(u.roles().toArray(String[]::new)).addOffsetDateTime(ts(u.createdAt()))
                .addOffsetDateTime(ts(u.updatedAt())).addLong(u.loginCount()).addLong(u.failedLoginCount())
                .addOffsetDateTime(ts(u.lastLoginAt())).addString(u.lastLoginIp());
        if (login == null) {
            t.addString(null).addOffsetDateTime(null).addString(null).addString(null).addString("none").addString(null)
                    .addString(null);
        } else {
            t.addString(login.eventId()).addOffsetDateTime(ts(login.at())).addString(login.ip())
                    .addString(login.userAgent()).addString(login.failed() ? "failed" : "ok").addString(login.reason())
                    .addString(login.source());
        }
        return tx.preparedQuery(sql).execute(t).replaceWithVoid();
    }

    private Uni<Void> insertLogins(SqlConnection tx, List<Login> logins) {
        Rows.Logins rows = Rows.logins(logins);
        List<Tuple> ok = rows.ok();
        List<Tuple> failed = rows.failed();
        Uni<Void> chain = Uni.createFrom().voidItem();
        if (!ok.isEmpty()) {
            chain = chain.chain(() -> tx.preparedQuery(INSERT_LOGIN.formatted(schema)).executeBatch(ok).replaceWithVoid());
        }
        if (!failed.isEmpty()) {
            chain = chain.chain(() -> tx.preparedQuery(INSERT_FAILED_LOGIN.formatted(schema)).executeBatch(failed)
                    .replaceWithVoid());
        }
        return chain;
    }

    /** History rows as {@link Rows#logins} builds them, keyed by the event's identity. */
    static final String INSERT_LOGIN = "INSERT INTO %s.user_logins (event_id, user_id, at, ip, user_agent, org_id, "
            + "source) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING";
    static final String INSERT_FAILED_LOGIN = "INSERT INTO %s.user_failed_logins (event_id, user_id, at, ip, "
            + "user_agent, org_id, source, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING";
    /** The whole state of a user, keyed by (org_id, id). */
    static final String UPSERT_USER = "INSERT INTO %s.users (id, org_id, name, email, roles, created_at, updated_at, "
            + "login_count, failed_login_count, last_login_at, last_login_ip) VALUES ($1, $2, $3, $4, $5, $6, $7, "
            + "$8, $9, $10, $11) ON CONFLICT (org_id, id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email, "
            + "roles = EXCLUDED.roles, created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at, "
            + "login_count = EXCLUDED.login_count, failed_login_count = EXCLUDED.failed_login_count, "
            + "last_login_at = EXCLUDED.last_login_at, last_login_ip = EXCLUDED.last_login_ip";

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
