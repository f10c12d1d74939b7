package dev.eventfold.useraggregator.store;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventCodec;
import dev.eventfold.model.ValidationException;
import dev.eventfold.runtime.processing.EventRejectedException;
import dev.eventfold.useraggregator.domain.Login;
import dev.eventfold.useraggregator.domain.Outcome;
import dev.eventfold.useraggregator.domain.User;
import dev.eventfold.useraggregator.domain.UserAggregator;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

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

    /** Applies {@code events} in order to the active version; an event that can never apply is named. */
    public static Uni<List<CloudEvent>> applyToActive(List<CloudEvent> events, SqlConnection tx) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        TreeSet<String> userIds = new TreeSet<>();
        events.forEach(e -> userIds.add(e.subject()));
        String[] ids = userIds.toArray(String[]::new);
        return tx.preparedQuery("WITH a AS MATERIALIZED (SELECT schema_name FROM user_aggregator.active_version "
                        + "FOR SHARE) SELECT a.schema_name, (SELECT count(*) FROM (SELECT pg_advisory_xact_lock("
                        + "hashtextextended(a.schema_name || '/' || u, 0)) FROM unnest($1::text[]) WITH ORDINALITY "
                        + "AS t(u, n) ORDER BY n) l) AS locked FROM a")
                .execute(Tuple.of(ids))
                .map(rows -> ActiveVersion.checked(rows.iterator().next().getString(0)))
                .chain(schema -> new Run(schema, tx).apply(events, ids));
    }

    /** A replay's path: applies {@code events} in order to the given version, whatever is active. */
    public static Uni<List<CloudEvent>> applyTo(String schema, List<CloudEvent> events, SqlConnection tx) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        TreeSet<String> userIds = new TreeSet<>();
        events.forEach(e -> userIds.add(e.subject()));
        String[] ids = userIds.toArray(String[]::new);
        return tx.preparedQuery("SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtextextended($1 || '/' || u, 0)) "
                        + "FROM unnest($2::text[]) WITH ORDINALITY AS t(u, n) ORDER BY n) l")
                .execute(Tuple.of(ActiveVersion.checked(schema), ids))
                .chain(() -> new Run(schema, tx).apply(events, ids));
    }

    /** One batch against one schema version. */
    private static final class Run {
        private final String s;
        private final SqlConnection tx;
        private final Map<String, Optional<User>> users = new HashMap<>();
        private final Map<String, List<CloudEvent>> parked = new HashMap<>();
        private final Set<String> parkedInDb = new HashSet<>();
        private final Map<String, User> changed = new LinkedHashMap<>();
        private final List<Login> logins = new ArrayList<>();
        private final Map<String, CloudEvent> toPark = new LinkedHashMap<>();
        private final List<String> unpark = new ArrayList<>();
        private final Map<String, String> rejected = new LinkedHashMap<>();
        private final List<CloudEvent> derived = new ArrayList<>();

        Run(String schema, SqlConnection tx) {
            this.s = schema;
            this.tx = tx;
        }

        /**
         * Three round trips' worth of statements in one: the event ids recorded, the users and their parked events
         * read. They do not depend on each other, so they are sent together (the connection pipelines them).
         */
        Uni<List<CloudEvent>> apply(List<CloudEvent> events, String[] ids) {
            String[] eventIds = events.stream().map(CloudEvent::id).toArray(String[]::new);
            for (String id : ids) {
                users.put(id, Optional.empty());
            }
            Set<String> freshIds = new HashSet<>();
            Uni<Void> record = tx.preparedQuery("INSERT INTO " + s + ".applied_events (event_id) SELECT unnest($1::text[]) "
                            + "ON CONFLICT DO NOTHING RETURNING event_id").execute(Tuple.of(eventIds))
                    .invoke(fresh -> fresh.forEach(r -> freshIds.add(r.getString(0))))
                    .replaceWithVoid();
            Uni<Void> loadUsers = tx.preparedQuery("SELECT " + UserStore.USER_COLUMNS + " FROM " + s + ".users u "
                            + "WHERE u.id = ANY($1)").execute(Tuple.of(ids))
                    .invoke(rows -> rows.forEach(r -> users.put(r.getString("id"), Optional.of(UserStore.user(r)))))
                    .replaceWithVoid();
            Uni<Void> loadParked = tx.preparedQuery("SELECT user_id, event FROM " + s + ".parked_events WHERE user_id = "
                            + "ANY($1) AND rejected_reason IS NULL ORDER BY seq").execute(Tuple.of(ids))
                    .invoke(rows -> {
                        for (Row r : rows) {
                            Object json = r.getValue("event");
                            String text = json instanceof JsonObject o ? o.encode() : String.valueOf(json);
                            CloudEvent e = CODEC.decode(EventCodec.readTree(text.getBytes(StandardCharsets.UTF_8)));
                            parked.computeIfAbsent(r.getString("user_id"), k -> new ArrayList<>()).add(e);
                            parkedInDb.add(e.id());
                        }
                    })
                    .replaceWithVoid();
            return Uni.join().all(record, loadUsers, loadParked).andFailFast()
                    .chain(() -> {
                        for (CloudEvent event : events) {
                            if (freshIds.remove(event.id())) { // a copy later in the same batch is a duplicate
                                fold(event);
                            }
                        }
                        return write();
                    })
                    .replaceWith(() -> derived);
        }

        private void fold(CloudEvent event) {
            String id = event.subject();
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
                    derived.add(a.derived());
                    if (i > 0) {
                        settleParked(a.source(), null);
                    }
                } else if (o instanceof Outcome.Parked p) {
                    parked.computeIfAbsent(id, k -> new ArrayList<>()).add(p.source());
                    toPark.put(p.source().id(), p.source());
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
            if (parkedInDb.contains(event.id())) {
                if (reason == null) {
                    unpark.add(event.id());
                } else {
                    rejected.put(event.id(), reason);
                }
            } else if (reason == null) {
                toPark.remove(event.id());
            } else {
                rejected.put(event.id(), reason); // parked in this batch: inserted, then marked
            }
        }

        private Uni<Void> write() {
            List<Tuple> userRows = new ArrayList<>();
            for (User u : changed.values()) {
                userRows.add(Tuple.tuple().addString(u.id()).addString(u.orgId()).addString(u.name())
                        .addString(u.email()).addArrayOfString(u.roles().toArray(String[]::new))
                        .addOffsetDateTime(ts(u.createdAt())).addOffsetDateTime(ts(u.updatedAt()))
                        .addLong(u.loginCount()).addLong(u.failedLoginCount()).addOffsetDateTime(ts(u.lastLoginAt()))
                        .addString(u.lastLoginIp()));
            }
            Rows.Logins rows = Rows.logins(logins);
            List<Tuple> ok = rows.ok();
            List<Tuple> failed = rows.failed();
            List<Tuple> parkRows = new ArrayList<>();
            for (CloudEvent e : toPark.values()) {
                parkRows.add(Tuple.tuple().addString(e.id()).addString(e.subject()).addString(e.orgId())
                        .addString(e.type()).addOffsetDateTime(ts(e.time()))
                        .addValue(new JsonObject(EventCodec.encode(e).toString())));
            }
            List<Tuple> rejectRows = new ArrayList<>();
            rejected.forEach((eventId, reason) -> rejectRows.add(Tuple.of(reason, eventId)));

            // every write is sent at once: the connection pipelines them and PostgreSQL runs them in this order
            List<Uni<Void>> writes = new ArrayList<>();
            batch(writes, "INSERT INTO " + s + ".users (id, org_id, name, email, roles, created_at, updated_at, "
                    + "login_count, failed_login_count, last_login_at, last_login_ip) VALUES ($1, $2, $3, $4, $5, $6, $7, "
                    + "$8, $9, $10, $11) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email, "
                    + "roles = EXCLUDED.roles, created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at, "
                    + "login_count = EXCLUDED.login_count, failed_login_count = EXCLUDED.failed_login_count, "
                    + "last_login_at = EXCLUDED.last_login_at, last_login_ip = EXCLUDED.last_login_ip", userRows);
            batch(writes, "INSERT INTO " + s + ".user_logins (event_id, user_id, at, ip, user_agent) "
                    + "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING", ok);
            batch(writes, "INSERT INTO " + s + ".user_failed_logins (event_id, user_id, at, ip, user_agent, "
                    + "reason) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING", failed);
            batch(writes, "INSERT INTO " + s + ".parked_events (event_id, user_id, org_id, type, time, event) "
                    + "VALUES ($1, $2, $3, $4, $5, $6::jsonb) ON CONFLICT (event_id) DO NOTHING", parkRows);
            if (!unpark.isEmpty()) {
                writes.add(tx.preparedQuery("DELETE FROM " + s + ".parked_events WHERE event_id = ANY($1)")
                        .execute(Tuple.of(unpark.toArray(String[]::new))).replaceWithVoid());
            }
            batch(writes, "UPDATE " + s + ".parked_events SET rejected_reason = $1 WHERE event_id = $2", rejectRows);
            return writes.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(writes).andFailFast().replaceWithVoid();
        }

        private void batch(List<Uni<Void>> writes, String sql, List<Tuple> rows) {
            if (!rows.isEmpty()) {
                writes.add(tx.preparedQuery(sql).executeBatch(rows).replaceWithVoid());
            }
        }
    }

}
