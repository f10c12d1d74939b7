package dev.eventfold.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventfold.alerting.domain.AlertEvents;
import dev.eventfold.localstack.EventfoldTestResource;
import dev.eventfold.localstack.KafkaBroker;
import dev.eventfold.localstack.Postgres;
import dev.eventfold.localstack.TestKafka;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.Json;
import dev.eventfold.model.KafkaBinding;
import dev.eventfold.model.Topic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;

import static dev.eventfold.alerting.AlertEventsFixture.at;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kill and restart in the middle of a window: the packaged application is killed (SIGKILL) while it folds a log
 * of failed logins in small batches, started again, and the alerts topic must then hold exactly one alert id per
 * rule, key and window, each the same event however often the relay sent it.
 */
class AlertingRestartIT {

    private static final int USERS = 40;
    private static final int MINUTES = 60;

    private final Postgres postgres = Postgres.fromEnvironment();
    private final String prefix = "r" + UUID.randomUUID().toString().substring(0, 8);
    private final String org = "org-restart-" + UUID.randomUUID();
    private String database;
    private Process app;

    @BeforeEach
    void freshDatabase() {
        database = postgres.createFreshDatabase("alerting_restart");
    }

    @AfterEach
    void cleanUp() {
        if (app != null) {
            app.destroyForcibly();
        }
        postgres.dropDatabase(database);
    }

    @Test
    void aKillMidWindowAndRestartRaiseEachAlertOnce() throws Exception {
        String bootstrap = KafkaBroker.bootstrapServers();
        app = start(bootstrap, Path.of("target", "alerting-first-run.log").toFile());
        waitFor("the schema to be migrated", () -> count("SELECT count(*) FROM alerting.rules"), n -> n >= 0,
                Duration.ofSeconds(120));
        String perUser = insertRule("failed-logins-per-user", 5);
        String perIp = insertRule("failed-logins-per-ip", 10);
        AlertEventsFixture events = new AlertEventsFixture(org);
        List<ProducerRecord<String, byte[]>> log = new ArrayList<>();
        Set<String> expected = new HashSet<>();
        for (int u = 0; u < USERS; u++) {
            for (int m = 0; m < MINUTES; m++) {
                CloudEvent failed = events.loginFailed("user-" + u, at(m, u), "10.1.0." + u);
                log.add(KafkaBinding.toRecord(Topic.EVENTS.topicName(prefix), failed));
            }
            for (int w = 0; w < MINUTES; w += 10) {
                expected.add(AlertEvents.alertId(false, perUser, "user-" + u, at(w).toString()));
                expected.add(AlertEvents.alertId(false, perIp, "10.1.0." + u, at(w).toString()));
            }
        }
        TestKafka.produce(bootstrap, log);
        long total = log.size();

        waitFor("the first run to be part-way", this::processed, n -> n >= total / 4, Duration.ofSeconds(120));
        app.destroyForcibly().waitFor();
        assertThat(processed()).isLessThan(total);

        app = start(bootstrap, Path.of("target", "alerting-second-run.log").toFile());
        waitFor("the restarted run to fold the whole log", this::processed, n -> n == total, Duration.ofSeconds(180));

        List<ConsumerRecord<String, byte[]>> alerts = TestKafka.read(bootstrap, Topic.ALERTS.topicName(prefix),
                seen -> seen.stream().map(r -> TestKafka.header(r, "ce_id")).collect(java.util.stream.Collectors.toSet())
                        .containsAll(expected), Duration.ofSeconds(60));
        Map<String, List<JsonNode>> copies = new java.util.HashMap<>();
        for (ConsumerRecord<String, byte[]> record : alerts) {
            copies.computeIfAbsent(TestKafka.header(record, "ce_id"), id -> new ArrayList<>())
                    .add(Json.MAPPER.readTree(record.value()));
        }
        assertThat(copies.keySet()).isEqualTo(expected);
        // a copy the relay sent again after the kill is the same event (the same JSON: the outbox's jsonb may order
        // members differently from the first send): consumers deduplicate it by id
        copies.forEach((id, values) -> assertThat(new HashSet<>(values)).as(id).hasSize(1));
        app.destroy();
        app.waitFor();
    }

    private String insertRule(String kind, int threshold) throws Exception {
        String id = "rule-" + UUID.randomUUID();
        try (Connection c = postgres.connect(database); PreparedStatement s = c.prepareStatement(
                "INSERT INTO alerting.rules (id, org_id, kind, window_seconds, threshold, enabled, created_at, "
                        + "updated_at) VALUES (?, ?, ?, 600, ?, true, now(), now())")) {
            s.setString(1, id);
            s.setString(2, org);
            s.setString(3, kind);
            s.setDouble(4, threshold);
            s.executeUpdate();
        }
        return id;
    }

    private Process start(String bootstrap, File output) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=0", "-Dmp.messaging.incoming.events.max.poll.records=25",
                "-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toString());
        pb.environment().putAll(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                "EVENTFOLD_TOPIC_PREFIX", prefix,
                "EVENTFOLD_API_KEY_PEPPER", EventfoldTestResource.PEPPER,
                "PGHOST", postgres.host(),
                "PGPORT", Integer.toString(postgres.port()),
                "PGDATABASE", database,
                "PGUSER", postgres.user(),
                "PGPASSWORD", postgres.password()));
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(output));
        return pb.start();
    }

    private long processed() {
        return count("SELECT count(*) FROM alerting.processed_events");
    }

    private long count(String sql) {
        try (Connection c = postgres.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            return -1; // not migrated yet
        }
    }

    private static void waitFor(String what, LongSupplier value, LongPredicate done, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(value.getAsLong())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what + " (now " + value.getAsLong() + ")");
            }
            Thread.sleep(20);
        }
    }
}
