package dev.eventfold.useraggregator;

import dev.eventfold.localstack.KafkaBroker;
import dev.eventfold.localstack.Postgres;
import dev.eventfold.model.CloudEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongPredicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kill and restart in the middle of consuming: the packaged application is killed (SIGKILL) while it folds a log in
 * small batches, started again, and must end with exactly the projection that a clean replay of the same log builds
 * with the documented replay command.
 */
class UserAggregatorRestartIT {

    private static final int USERS = 30;
    private static final int LOGINS_PER_USER = 40;

    private final Postgres postgres = Postgres.fromEnvironment();
    private final String prefix = "r" + UUID.randomUUID().toString().substring(0, 8);
    private String database;
    private PackagedUserAggregator jar;
    private Process app;

    @BeforeEach
    void freshDatabase() {
        database = postgres.createFreshDatabase("ua_restart");
        jar = new PackagedUserAggregator(KafkaBroker.bootstrapServers(), prefix, postgres, database);
    }

    @AfterEach
    void cleanUp() {
        if (app != null) {
            app.destroyForcibly();
        }
        postgres.dropDatabase(database);
    }

    @Test
    void aKillMidBatchAndRestartEndsLikeACleanReplay() throws Exception {
        String bootstrap = KafkaBroker.bootstrapServers();
        UserEvents org = new UserEvents("org-restart");
        List<CloudEvent> log = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            String id = "user-" + u;
            log.add(org.loggedIn(id, 0, "10.0.0.0")); // before its create: parked, then applied
            log.add(org.created(id, 1, "User " + u, id + "@example.com", "member"));
            for (int l = 0; l < LOGINS_PER_USER; l++) {
                log.add(l % 5 == 4 ? org.loginFailed(id, 2 + l, "10.0.1." + l, "bad password")
                        : org.loggedIn(id, 2 + l, "10.0.1." + l));
            }
            log.add(org.updated(id, 100, null, "renamed-" + id + "@example.com", null));
        }
        jar.produce(log);
        long total = USERS * (LOGINS_PER_USER + 1L);

        app = jar.start(Path.of("target", "app-first-run.log").toFile(), Map.of());
        waitFor("the first run to be part-way", jar::historyRows, n -> n >= total / 4, Duration.ofSeconds(120));
        app.destroyForcibly().waitFor();
        long atKill = jar.historyRows();
        assertThat(atKill).isLessThan(total);

        File secondLog = Path.of("target", "app-second-run.log").toFile();
        app = jar.start(secondLog, Map.of());
        PackagedUserAggregator.awaitStartup(app, secondLog, Duration.ofSeconds(120));
        // static group membership: the restarted instance takes the killed one's partitions back at once, where a
        // new member would wait for the dead one's session to expire (45 s by default)
        waitFor("the restarted run to apply events within 10 s of its start", jar::historyRows, n -> n > atKill,
                Duration.ofSeconds(10));
        waitFor("the restarted run to fold the whole log", this::updatedUsers, n -> n == USERS, Duration.ofSeconds(180));
        app.destroy();
        app.waitFor();

        String replayOutput = replayCommand(bootstrap);
        assertThat(replayOutput).contains("events done").contains("lag 0").contains("events/s")
                .contains("switched reads and live writes to user_aggregator_v2");
        try (Connection c = postgres.connect(database)) {
            Map<String, List<String>> live = ProjectionTables.snapshot(c, "user_aggregator");
            assertThat(live.get("users")).hasSize(USERS);
            assertThat(live.get("user_logins").size() + live.get("user_failed_logins").size()).isEqualTo((int) total);
            assertThat(live.get("parked_events")).isEmpty();
            assertThat(ProjectionTables.snapshot(c, "user_aggregator_v2")).isEqualTo(live);
        }
    }

    /** The documented replay command, on the packaged application's class path; returns what it printed. */
    private String replayCommand(String bootstrap) throws Exception {
        String classPath = Path.of("target", "quarkus-app", "app", "*") + File.pathSeparator
                + Path.of("target", "quarkus-app", "lib", "boot", "*") + File.pathSeparator
                + Path.of("target", "quarkus-app", "lib", "main", "*");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-cp", classPath,
                "dev.eventfold.useraggregator.replay.ReplayMain", "--bootstrap-servers", bootstrap,
                "--topic-prefix", prefix, "--schema", "user_aggregator_v2");
        pb.environment().putAll(jar.pgEnvironment());
        pb.redirectErrorStream(true);
        Process replay = pb.start();
        String output = new String(replay.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(replay.waitFor()).as(output).isZero();
        System.out.println(output);
        return output;
    }

    private long updatedUsers() {
        return jar.count("SELECT count(*) FROM user_aggregator.users WHERE email LIKE 'renamed-%' "
                + "AND login_count + failed_login_count = " + (LOGINS_PER_USER + 1));
    }

    private String diagnosis() {
        StringBuilder out = new StringBuilder();
        try (Connection c = postgres.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, email, login_count, failed_login_count FROM user_aggregator.users "
                     + "WHERE NOT (email LIKE 'renamed-%' AND login_count + failed_login_count = "
                     + (LOGINS_PER_USER + 1) + ") UNION ALL SELECT 'parked ' || user_id, type, 0, 0 "
                     + "FROM user_aggregator.parked_events UNION ALL SELECT 'processed', '', count(*), 0 "
                     + "FROM user_aggregator.processed_events")) {
            while (rs.next()) {
                out.append(rs.getString(1)).append(' ').append(rs.getString(2)).append(' ').append(rs.getLong(3))
                        .append(' ').append(rs.getLong(4)).append("; ");
            }
        } catch (Exception e) {
            out.append(e);
        }
        return out.toString();
    }

    private void waitFor(String what, java.util.function.LongSupplier value, LongPredicate done, Duration timeout)
            throws InterruptedException {
        PackagedUserAggregator.waitFor(what, value, done, timeout, this::diagnosis);
    }
}
