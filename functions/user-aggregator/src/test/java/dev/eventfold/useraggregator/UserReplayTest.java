package dev.eventfold.useraggregator;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.runtime.replay.ProjectionReplay;
import dev.eventfold.runtime.replay.ReplaySettings;
import dev.eventfold.useraggregator.replay.UserReplayFold;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.eventfold.useraggregator.TestSupport.db;
import static dev.eventfold.useraggregator.TestSupport.eventually;
import static dev.eventfold.useraggregator.TestSupport.produce;
import static dev.eventfold.useraggregator.TestSupport.record;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime's replay on user-aggregator with the Kafka trigger live, on the real broker and PostgreSQL: events
 * keep arriving while a replay catches up, drains and switches, and the version that ends up active holds exactly
 * what a clean fold of the whole log builds; a switch back catches the older version up first, so it loses none of
 * the writes made since the switch.
 */
@QuarkusTest
@QuarkusTestResource(value = UserAggregatorTestResource.class, restrictToAnnotatedClass = false)
public class UserReplayTest {

    private static final int USERS = 20;

    private final String p = "r" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private final UserEvents acme = new UserEvents("org-" + UUID.randomUUID());
    private final List<CloudEvent> log = Collections.synchronizedList(new ArrayList<>());

    @Test
    void aReplayWithLiveTrafficDuringItsDrainAndSwitchEndsLikeACleanFold() throws Exception {
        send(history());
        eventually("the history is folded live", () -> users(active()) == USERS);

        ProjectionReplay.Result result;
        try (LiveTraffic traffic = new LiveTraffic()) {
            result = replay(null, false);
        }
        send(burst(9_000));

        Map<String, List<String>> clean = CleanFold.of(List.copyOf(log), p);
        assertThat(clean.get("users")).hasSizeGreaterThan(USERS);
        assertThat(active()).isEqualTo(result.schema());
        eventually("the new active version equals a clean fold of the whole log",
                () -> snapshot(result.schema()).equals(clean));
    }

    @Test
    void switchingBackCatchesTheOlderVersionUpSoNoWriteSinceTheSwitchIsLost() throws Exception {
        send(history());
        eventually("the history is folded live", () -> users(active()) == USERS);
        ProjectionReplay.Result forward = replay(null, false);

        List<CloudEvent> sinceTheSwitch = burst(5_000);
        send(sinceTheSwitch);
        CloudEvent last = sinceTheSwitch.get(sinceTheSwitch.size() - 1);
        eventually("live writes since the switch reach " + forward.schema(),
                () -> snapshot(forward.schema()).get("users").stream().anyMatch(u -> u.startsWith(last.subject() + " ")));

        ProjectionReplay.Result back;
        try (LiveTraffic traffic = new LiveTraffic()) {
            back = replay(forward.previous(), true);
        }
        send(burst(9_000));

        assertThat(back.schema()).isEqualTo(forward.previous());
        assertThat(active()).isEqualTo(forward.previous());
        Map<String, List<String>> clean = CleanFold.of(List.copyOf(log), p);
        eventually("the version switched back to equals a clean fold of the whole log",
                () -> snapshot(forward.previous()).equals(clean));
    }

    // ---- the log ----

    /** Every user created, logged in once, some renamed, one login before its user's created (parked, released). */
    private List<CloudEvent> history() {
        List<CloudEvent> events = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            String id = p + "u" + u;
            if (u % 5 == 0) {
                events.add(acme.loggedIn(id, 1, "10.0.1." + u));
            }
            events.add(acme.created(id, 0, "User " + u, id + "@example.com"));
            events.add(acme.loggedIn(id, 2, "10.0.2." + u));
            if (u % 3 == 0) {
                events.add(acme.updated(id, 3, "Renamed " + u, null, null));
            }
        }
        return events;
    }

    /** Logins and failed logins for known users, and a new user whose login comes before its created. */
    private List<CloudEvent> burst(int minute) {
        String fresh = p + "n" + minute;
        List<CloudEvent> events = new ArrayList<>();
        for (int u = 0; u < USERS; u += 4) {
            events.add(acme.loggedIn(p + "u" + u, minute, "10.9." + (minute % 250) + "." + u));
            events.add(acme.loginFailed(p + "u" + (u + 1), minute, "10.8.0." + u, "bad password"));
        }
        events.add(acme.loggedIn(fresh, minute + 1, "10.7.0.1"));
        events.add(acme.created(fresh, minute, "New " + minute, fresh + "@example.com"));
        return events;
    }

    private void send(List<CloudEvent> events) {
        log.addAll(events);
        produce(events.stream().map(TestSupport::record).toList());
    }

    /** Bursts of events sent one after the other while a replay runs (its catch-up, drain and switch). */
    private final class LiveTraffic implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread = new Thread(() -> {
            for (int minute = 100; running.get(); minute++) {
                send(burst(minute));
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "live-traffic");

        LiveTraffic() {
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }

    // ---- the replay and the database ----

    private static ProjectionReplay.Result replay(String schema, boolean switchBack) {
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        ReplaySettings settings = TestSupport.replaySettings(new PrintStream(progress, true, StandardCharsets.UTF_8))
                .target(schema, switchBack);
        ProjectionReplay.Result result = new ProjectionReplay(new UserReplayFold(), settings).run();
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("lag 0")
                .contains("switched reads and live writes to " + result.schema());
        return result;
    }

    private Map<String, List<String>> snapshot(String schema) {
        try (Connection c = db()) {
            return ProjectionTables.snapshot(c, schema, p);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private int users(String schema) {
        return snapshot(schema).get("users").size();
    }

    private static String active() {
        try (Connection c = db(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT schema_name FROM user_aggregator.active_version")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
