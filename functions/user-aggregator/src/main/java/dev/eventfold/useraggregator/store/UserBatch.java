package dev.eventfold.useraggregator.store;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventCodec;
import dev.eventfold.model.EventIdentity;
import dev.eventfold.model.EventType;
import dev.eventfold.model.ValidationException;
import dev.eventfold.runtime.processing.EventRejectedException;
import dev.eventfold.runtime.replay.AppliedEvents;
import dev.eventfold.useraggregator.domain.Login;
import dev.eventfold.useraggregator.domain.Outcome;
import dev.eventfold.useraggregator.domain.User;
import dev.eventfold.useraggregator.domain.UserAggregator;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import static dev.eventfold.useraggregator.store.Rows.ts;

/**
 * The projection's one write path, for both triggers and the replay: the pure fold, for a whole batch in a fixed
 * number of statements (lock and load every user of the batch at once, fold in memory in log order, write the
 * final states and all history rows in batches), so that the cost per event is a share of about ten round trips.
 */
public final class UserBatch {

    private static final EventCodec CODEC = EventCodec.internal();

    private UserBatch() {
    }

    /** Most events parked for one user at a time by default; the next one is refused (dead-lettered) instead. */
    public static final int DEFAULT_MAX_PARKED = 1000;

    /** Applies {@code events} in order to the active version; an event that can never apply is named. */
    public static Uni<List<CloudEvent>> applyToActive(List<CloudEvent> events, SqlConnection tx) {
        return applyToActive(events, tx, DEFAULT_MAX_PARKED);
    }

    /**
     * Applies {@code events} in order to the active version, parking at most {@code maxParked} events per user that
     * does not exist yet; an event that can never apply, or would park one more, is named.
     */
    public static Uni<List<CloudEvent>> applyToActive(List<CloudEvent> events, SqlConnection tx, int maxParked) {
        return applyToActive(events, tx, maxParked, duplicate -> { });
    }

    /**
     * {@link #applyToActive(List, SqlConnection, int)}, naming each event the active version had already applied
     * (skipped) to {@code duplicate}.
     */
    public static Uni<List<CloudEvent>> applyToActive(List<CloudEvent> events, SqlConnection tx, int maxParked,
                                                      Consumer<CloudEvent> duplicate) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        String[] locks = lockKeys(events);
        return tx.preparedQuery("WITH a AS MATERIALIZED (SELECT schema_name FROM user_aggregator.active_version "
                        + "FOR SHARE) SELECT a.schema_name, (SELECT count(*) FROM (SELECT pg_advisory_xact_lock("
                        + "hashtextextended(a.schema_name || '/' || u, 0)) FROM unnest($1::text[]) WITH ORDINALITY "
                        + "AS t(u, n) ORDER BY n) l) AS locked FROM a")
                .execute(Tuple.of(locks))
                .map(rows -> ActiveVersion.checked(rows.iterator().next().getString(0)))
                .chain(schema -> new Run(schema, tx, maxParked, duplicate).apply(events));
    }

    /** A replay's path: applies {@code events} in order to the given version, whatever is active. */
    public static Uni<List<CloudEvent>> applyTo(String schema, List<CloudEvent> events, SqlConnection tx) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return tx.preparedQuery("SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtextextended($1 || '/' || u, 0)) "
                        + "FROM unnest($2::text[]) WITH ORDINALITY AS t(u, n) ORDER BY n) l")
                .execute(Tuple.of(ActiveVersion.checked(schema), lockKeys(events)))
                .chain(() -> new Run(schema, tx, DEFAULT_MAX_PARKED, duplicate -> { }).apply(events));
    }

    /** The per-user lock keys of the batch's users, sorted (every writer locks in the same order: no deadlock). */
    private static String[] lockKeys(List<CloudEvent> events) {
        TreeSet<String> keys = new TreeSet<>();
        events.forEach(e -> keys.add(ActiveVersion.lockKey(e.orgId(), e.subject())));
        return keys.toArray(String[]::new);
    }

    /** A user of the batch: users are scoped to their organization. */
    private record UserKey(String orgId, String id) {
        static UserKey of(CloudEvent event) {
            return new UserKey(event.orgId() == null ? "" : event.orgId(), event.subject());
        }
    }

    /** One batch against one schema version. */
    private static final class Run {
        private final String s;
        private final SqlConnection tx;
        private final Map<UserKey, Optional<User>> users = new HashMap<>();
        private final Map<UserKey, List<CloudEvent>> parked = new HashMap<>();
        private final Set<EventIdentity> parkedInDb = new HashSet<>();
        private final Map<UserKey, User> changed = new LinkedHashMap<>();
        private final List<Login> logins = new ArrayList<>();
        private final Map<EventIdentity, CloudEvent> toPark = new LinkedHashMap<>();
        private final List<EventIdentity> unpark = new ArrayList<>();
        private final Map<EventIdentity, String> rejected = new LinkedHashMap<>();
        private final List<CloudEvent> derived = new ArrayList<>();
        /** Each user's version: stored, then one more per change applied in this batch (the derived sequence). */
        private final Map<UserKey, Long> versions = new HashMap<>();

        private final int maxParked;
        private final Consumer<CloudEvent> duplicate;

        Run(String schema, SqlConnection tx, int maxParked, Consumer<CloudEvent> duplicate) {
            this.s = schema;
            this.tx = tx;
            this.maxParked = Math.max(1, maxParked);
            this.duplicate = duplicate;
        }

        /**
         * Three round trips' worth of statements in one: the event identities recorded, the users and their parked
         * events read. They do not depend on each other, so they are sent together (the connection pipelines them).
         */
        Uni<List<CloudEvent>> apply(List<CloudEvent> events) {
            Set<UserKey> keys = new LinkedHashSet<>();
            events.forEach(e -> keys.add(UserKey.of(e)));
            String[] userOrgs = keys.stream().map(UserKey::orgId).toArray(String[]::new);
            String[] userIds = keys.stream().map(UserKey::id).toArray(String[]::new);
            for (UserKey key : keys) {
                users.put(key, Optional.empty());
            }
            Set<EventIdentity> fresh = new HashSet<>();
            Uni<Void> record = tx.preparedQuery(AppliedEvents.recordSql(s)).execute(AppliedEvents.identities(events))
                    .invoke(rows -> fresh.addAll(AppliedEvents.recorded(rows)))
                    .replaceWithVoid();
            Uni<Void> loadUsers = tx.preparedQuery("SELECT " + UserStore.USER_COLUMNS + ", u.version FROM " + s
                            + ".users u WHERE (u.org_id, u.id) IN (SELECT * FROM unnest($1::text[], $2::text[]))")
                    .execute(Tuple.of(userOrgs, userIds))
                    .invoke(rows -> rows.forEach(r -> {
                        UserKey key = new UserKey(r.getString("org_id"), r.getString("id"));
                        users.put(key, Optional.of(UserStore.user(r)));
                        versions.put(key, r.getLong("version"));
                    }))
                    .replaceWithVoid();
            // only a created can release parked events: a batch of logins for a user that does not exist yet parks
            // them without reading back the ones parked before (which made n parked events cost O(n²))
            Set<UserKey> releasing = new LinkedHashSet<>();
            events.stream().filter(e -> EventType.USER_CREATED.type().equals(e.type())).forEach(e -> releasing.add(UserKey.of(e)));
            String[] releasingOrgs = releasing.stream().map(UserKey::orgId).toArray(String[]::new);
            String[] releasingIds = releasing.stream().map(UserKey::id).toArray(String[]::new);
            Uni<Void> loadParked = releasing.isEmpty() ? Uni.createFrom().voidItem() : tx.preparedQuery(
                            "SELECT org_id, user_id, event FROM " + s + ".parked_events "
                            + "WHERE (org_id, user_id) IN (SELECT * FROM unnest($1::text[], $2::text[])) "
                            + "AND rejected_reason IS NULL ORDER BY seq").execute(Tuple.of(releasingOrgs, releasingIds))
                    .invoke(rows -> {
                        for (Row r : rows) {
                            Object json = r.getValue("event");
                            String text = json instanceof JsonObject o ? o.encode() : String.valueOf(json);
                            CloudEvent e = CODEC.decode(EventCodec.readTree(text.getBytes(StandardCharsets.UTF_8)));
                            parked.computeIfAbsent(new UserKey(r.getString("org_id"), r.getString("user_id")),
                                    k -> new ArrayList<>()).add(e);
                            parkedInDb.add(e.identity());
                        }
                    })
                    .replaceWithVoid();
            return Uni.join().all(record, loadUsers, loadParked).andFailFast()
                    .chain(() -> {
                        for (CloudEvent event : events) {
                            if (fresh.remove(event.identity())) { // a copy later in the same batch is a duplicate
                                fold(event);
                            } else {
                                duplicate.accept(event);
                            }
                        }
                        return write();
                    })
                    .replaceWith(() -> derived);
        }

        private void fold(CloudEvent event) {
            UserKey id = UserKey.of(event);
            Optional<User> current = users.get(id);
            List<Outcome> outcomes;
            try {
                outcomes = UserAggregator.apply(current, event,
                        current.isEmpty() ? parked.getOrDefault(id, List.of()) : List.of());
            } catch (ValidationException e) {
                throw new EventRejectedException(event, e);
            }
            for (int i = 0; i < outcomes.size(); i++) {
                Outcome o = outcomes.get(i);
                if (o instanceof Outcome.Applied a) {
                    users.put(id, Optional.of(a.user()));
                    changed.put(id, a.user());
                    a.login().ifPresent(logins::add);
                    derived.add(a.derived().withSequence(versions.merge(id, 1L, Long::sum)));
                    if (i > 0) {
                        settleParked(a.source(), null);
                    }
                } else if (o instanceof Outcome.Parked p) {
                    parked.computeIfAbsent(id, k -> new ArrayList<>()).add(p.source());
                    toPark.put(p.source().identity(), p.source());
                } else if (o instanceof Outcome.Rejected r) {
                    settleParked(r.source(), r.reason());
                }
            }
            if (current.isEmpty() && users.get(id).isPresent()) {
                parked.remove(id);
            }
        }

        /** A parked event was applied (reason null) or rejected: leave the parked table accordingly. */
        private void settleParked(CloudEvent event, String reason) {
            EventIdentity id = event.identity();
            if (parkedInDb.contains(id)) {
                if (reason == null) {
                    unpark.add(id);
                } else {
                    rejected.put(id, reason);
                }
            } else if (reason == null) {
                toPark.remove(id);
            } else {
                rejected.put(id, reason); // parked in this batch: inserted, then marked
            }
        }

        private Uni<Void> write() {
            List<Tuple> userRows = new ArrayList<>();
            for (Map.Entry<UserKey, User> entry : changed.entrySet()) {
                User u = entry.getValue();
                userRows.add(Tuple.tuple().addString(u.id()).addString(u.orgId()).addString(u.name())
                        .addString(u.email()).addArrayOfString(u.roles().toArray(String[]::new))
                        .addOffsetDateTime(ts(u.createdAt())).addOffsetDateTime(ts(u.updatedAt()))
                        .addLong(u.loginCount()).addLong(u.failedLoginCount()).addOffsetDateTime(ts(u.lastLoginAt()))
                        .addString(u.lastLoginIp()).addLong(versions.get(entry.getKey())));
            }
            Rows.Logins rows = Rows.logins(logins);
            List<Tuple> ok = rows.ok();
            List<Tuple> failed = rows.failed();
            List<Tuple> parkRows = new ArrayList<>();
            List<CloudEvent> parking = new ArrayList<>(toPark.values());
            for (CloudEvent e : parking) {
                parkRows.add(parkRow(e).addInteger(maxParked));
            }
            List<Tuple> rejectRows = new ArrayList<>();
            rejected.forEach((id, reason) -> rejectRows.add(Tuple.of(reason, id.orgId(), id.source(), id.id())));

            // every write is sent at once: the connection pipelines them and PostgreSQL runs them in this order
            List<Uni<Void>> writes = new ArrayList<>();
            if (userRows.size() >= SET_BASED_FROM) {
                writes.add(tx.preparedQuery(UPSERT_USERS_AT_ONCE.formatted(s)).execute(usersAtOnce()).replaceWithVoid());
            } else {
                batch(writes, UPSERT_USER.formatted(s), userRows);
            }
            if (ok.size() >= SET_BASED_FROM) {
                writes.add(tx.preparedQuery(INSERT_LOGINS_AT_ONCE.formatted(s)).execute(loginsAtOnce(false))
                        .replaceWithVoid());
            } else {
                batch(writes, INSERT_LOGIN.formatted(s), ok);
            }
            if (failed.size() >= SET_BASED_FROM) {
                writes.add(tx.preparedQuery(INSERT_FAILED_LOGINS_AT_ONCE.formatted(s)).execute(loginsAtOnce(true))
                        .replaceWithVoid());
            } else {
                batch(writes, INSERT_FAILED_LOGIN.formatted(s), failed);
            }
            if (!parkRows.isEmpty()) {
                writes.add(tx.preparedQuery(PARK.formatted(s)).executeBatch(parkRows).invoke(results -> {
                    // one result per parked event, in order: false where its user already had maxParked waiting
                    int i = 0;
                    for (var result = results; result != null; result = result.next(), i++) {
                        if (!result.iterator().next().getBoolean(0)) {
                            CloudEvent full = parking.get(i);
                            throw new EventRejectedException(full, new ValidationException("subject", "user "
                                    + full.subject() + " already has " + maxParked + " events waiting for its "
                                    + "user.created, the most kept per user; this one is not parked"));
                        }
                    }
                }).replaceWithVoid());
            }
            if (!unpark.isEmpty()) {
                writes.add(unpark(tx, s, unpark));
            }
            batch(writes, REJECT_PARKED.formatted(s), rejectRows);
            return writes.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(writes).andFailFast().replaceWithVoid();
        }

        /** The changed users as the columns of {@link #UPSERT_USERS_AT_ONCE} (roles as JSON arrays). */
        private Tuple usersAtOnce() {
            int n = changed.size();
            String[] ids = new String[n];
            String[] orgs = new String[n];
            String[] names = new String[n];
            String[] emails = new String[n];
            String[] roles = new String[n];
            OffsetDateTime[] created = new OffsetDateTime[n];
            OffsetDateTime[] updated = new OffsetDateTime[n];
            Long[] logins = new Long[n];
            Long[] failedLogins = new Long[n];
            OffsetDateTime[] lastLogin = new OffsetDateTime[n];
            String[] lastIp = new String[n];
            Long[] version = new Long[n];
            int i = 0;
            for (Map.Entry<UserKey, User> entry : changed.entrySet()) {
                User u = entry.getValue();
                ids[i] = u.id();
                orgs[i] = u.orgId();
                names[i] = u.name();
                emails[i] = u.email();
                roles[i] = new JsonArray(u.roles()).encode();
                created[i] = ts(u.createdAt());
                updated[i] = ts(u.updatedAt());
                logins[i] = u.loginCount();
                failedLogins[i] = u.failedLoginCount();
                lastLogin[i] = ts(u.lastLoginAt());
                lastIp[i] = u.lastLoginIp();
                version[i] = versions.get(entry.getKey());
                i++;
            }
            return Tuple.tuple().addArrayOfString(ids).addArrayOfString(orgs).addArrayOfString(names)
                    .addArrayOfString(emails).addArrayOfString(roles).addArrayOfOffsetDateTime(created)
                    .addArrayOfOffsetDateTime(updated).addArrayOfLong(logins).addArrayOfLong(failedLogins)
                    .addArrayOfOffsetDateTime(lastLogin).addArrayOfString(lastIp).addArrayOfLong(version);
        }

        /** The batch's logins (or failed logins) as the columns of the set-based inserts. */
        private Tuple loginsAtOnce(boolean failedOnes) {
            List<Login> rows = logins.stream().filter(l -> l.failed() == failedOnes).toList();
            int n = rows.size();
            String[] eventIds = new String[n];
            String[] userIds = new String[n];
            OffsetDateTime[] at = new OffsetDateTime[n];
            String[] ips = new String[n];
            String[] agents = new String[n];
            String[] orgs = new String[n];
            String[] sources = new String[n];
            String[] reasons = new String[n];
            for (int i = 0; i < n; i++) {
                Login l = rows.get(i);
                eventIds[i] = l.eventId();
                userIds[i] = l.userId();
                at[i] = ts(l.at());
                ips[i] = l.ip();
                agents[i] = l.userAgent();
                orgs[i] = l.orgId();
                sources[i] = l.source();
                reasons[i] = l.reason();
            }
            Tuple t = Tuple.tuple().addArrayOfString(eventIds).addArrayOfString(userIds).addArrayOfOffsetDateTime(at)
                    .addArrayOfString(ips).addArrayOfString(agents).addArrayOfString(orgs).addArrayOfString(sources);
            return failedOnes ? t.addArrayOfString(reasons) : t;
        }

        private void batch(List<Uni<Void>> writes, String sql, List<Tuple> rows) {
            if (!rows.isEmpty()) {
                writes.add(tx.preparedQuery(sql).executeBatch(rows).replaceWithVoid());
            }
        }
    }

    // ---- the SQL of the one write path ----

    /**
     * Parks an event, keyed by its identity (organization, source, id), unless its user already has {@code $8}
     * events waiting; answers whether there was room.
     */
    static final String PARK = "WITH room AS (SELECT count(*) < $8 AS ok FROM %1$s.parked_events "
            + "WHERE org_id = $3 AND user_id = $2 AND rejected_reason IS NULL), "
            + "parked AS (INSERT INTO %1$s.parked_events (event_id, user_id, org_id, source, type, time, event) "
            + "SELECT $1, $2, $3, $4, $5, $6, $7::jsonb FROM room WHERE room.ok "
            + "ON CONFLICT (org_id, source, event_id) DO NOTHING) SELECT ok FROM room";
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

    /** History rows as {@link Rows#logins} builds them, keyed by the event's identity. */
    static final String INSERT_LOGIN = "INSERT INTO %s.user_logins (event_id, user_id, at, ip, user_agent, org_id, "
            + "source) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING";
    static final String INSERT_FAILED_LOGIN = "INSERT INTO %s.user_failed_logins (event_id, user_id, at, ip, "
            + "user_agent, org_id, source, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING";
    /**
     * From this many rows on, a batch's users, logins and failed logins are each written by one set-based statement
     * over arrays ({@code unnest}) instead of one execution per row: on the Kafka path's batches (up to 2,000
     * events) the per-row executions were most of PostgreSQL's work; below it (the Funqy path's group commits of a
     * few events) the pipelined rows measured faster.
     */
    static final int SET_BASED_FROM = 64;

    static final String INSERT_LOGINS_AT_ONCE = "INSERT INTO %s.user_logins (event_id, user_id, at, ip, user_agent, "
            + "org_id, source) SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], "
            + "$6::text[], $7::text[]) ON CONFLICT DO NOTHING";
    static final String INSERT_FAILED_LOGINS_AT_ONCE = "INSERT INTO %s.user_failed_logins (event_id, user_id, at, ip, "
            + "user_agent, org_id, source, reason) SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], "
            + "$4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) ON CONFLICT DO NOTHING";
    /** {@link #UPSERT_USER} for many users at once; roles travel as one JSON array per user. */
    static final String UPSERT_USERS_AT_ONCE = "INSERT INTO %s.users (id, org_id, name, email, roles, created_at, "
            + "updated_at, login_count, failed_login_count, last_login_at, last_login_ip, version) "
            + "SELECT t.id, t.org_id, t.name, t.email, ARRAY(SELECT r.value FROM jsonb_array_elements_text(t.roles::jsonb) "
            + "WITH ORDINALITY AS r(value, n) ORDER BY r.n), t.created_at, t.updated_at, t.login_count, "
            + "t.failed_login_count, t.last_login_at, t.last_login_ip, t.version FROM unnest($1::text[], $2::text[], "
            + "$3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[], $8::bigint[], $9::bigint[], "
            + "$10::timestamptz[], $11::text[], $12::bigint[]) AS t(id, org_id, name, email, roles, created_at, "
            + "updated_at, login_count, failed_login_count, last_login_at, last_login_ip, version) "
            + "ON CONFLICT (org_id, id) DO UPDATE SET name = EXCLUDED.name, "
            + "email = EXCLUDED.email, roles = EXCLUDED.roles, created_at = EXCLUDED.created_at, "
            + "updated_at = EXCLUDED.updated_at, login_count = EXCLUDED.login_count, "
            + "failed_login_count = EXCLUDED.failed_login_count, last_login_at = EXCLUDED.last_login_at, "
            + "last_login_ip = EXCLUDED.last_login_ip, version = EXCLUDED.version";

    /** The whole state of a user and its version, keyed by (org_id, id). */
    static final String UPSERT_USER = "INSERT INTO %s.users (id, org_id, name, email, roles, created_at, updated_at, "
            + "login_count, failed_login_count, last_login_at, last_login_ip, version) VALUES ($1, $2, $3, $4, $5, "
            + "$6, $7, $8, $9, $10, $11, $12) ON CONFLICT (org_id, id) DO UPDATE SET name = EXCLUDED.name, "
            + "email = EXCLUDED.email, roles = EXCLUDED.roles, created_at = EXCLUDED.created_at, "
            + "updated_at = EXCLUDED.updated_at, login_count = EXCLUDED.login_count, "
            + "failed_login_count = EXCLUDED.failed_login_count, last_login_at = EXCLUDED.last_login_at, "
            + "last_login_ip = EXCLUDED.last_login_ip, version = EXCLUDED.version";
}
