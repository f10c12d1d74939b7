package dev.eventfold.webhooks;

import dev.eventfold.localstack.EventfoldTestResource;
import dev.eventfold.localstack.KafkaBroker;
import dev.eventfold.localstack.Postgres;
import dev.eventfold.localstack.TestKafka;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.KafkaBinding;
import dev.eventfold.model.Topic;
import dev.eventfold.webhooks.domain.Secrets;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 mid-delivery and restart, on the packaged application: derived events on Kafka fan out to an endpoint
 * that answers slowly; the process is killed (SIGKILL) while deliveries are in flight, started again, and in
 * the end the receiver has every event — nothing lost — and every request it got more than once carried the same
 * {@code webhook-id} and the same body (a re-send after the claim lease expired), never a new id.
 */
class WebhooksRestartIT {

    private static final int EVENTS = 200;

    private final Postgres postgres = Postgres.fromEnvironment();
    private final String prefix = "w" + UUID.randomUUID().toString().substring(0, 8);
    private final String org = "org-restart-" + UUID.randomUUID();
    private String database;
    private Process app;

    @BeforeEach
    void freshDatabase() {
        database = postgres.createFreshDatabase("webhooks_restart");
    }

    @AfterEach
    void cleanUp() {
        if (app != null) {
            app.destroyForcibly();
        }
        postgres.dropDatabase(database);
    }

    @Test
    void aKillMidDeliveryAndRestartLoseNothingAndRepeatOnlyTheSameWebhookIds() throws Exception {
        String bootstrap = KafkaBroker.bootstrapServers();
        try (Receiver receiver = new Receiver().byDefault(new Receiver.Reply(200, Map.of(), "ok", 30))) {
            app = start(bootstrap, Path.of("target", "webhooks-first-run.log").toFile());
            waitFor("the schema to be migrated", () -> count("SELECT count(*) FROM webhooks.endpoints") >= 0, Duration.ofSeconds(120));
            insertEndpoint(receiver.url("/hook"));

            TestSupport.Org tenant = new TestSupport.Org(org, "unused");
            List<ProducerRecord<String, byte[]>> log = new ArrayList<>();
            Set<String> expected = new HashSet<>();
            for (int i = 0; i < EVENTS; i++) {
                CloudEvent stats = tenant.campaignStats("campaign-" + (i % 20), i);
                expected.add(stats.id());
                log.add(KafkaBinding.toRecord(Topic.CAMPAIGN_STATS.topicName(prefix), stats));
            }
            TestKafka.produce(bootstrap, log);

            waitFor("deliveries under way", () -> receiver.posts().size() >= EVENTS / 5, Duration.ofSeconds(120));
            app.destroyForcibly().waitFor();   // SIGKILL: claims and requests in flight are cut off
            int beforeRestart = receiver.posts().size();
            assertThat(beforeRestart).isLessThan(EVENTS);

            app = start(bootstrap, Path.of("target", "webhooks-second-run.log").toFile());
            waitFor("every event delivered", () -> ids(receiver).containsAll(expected), Duration.ofSeconds(180));
            waitFor("every message recorded as succeeded", () -> count("SELECT count(*) FROM webhooks.delivery_messages"
                    + " WHERE status = 'succeeded'") == EVENTS, Duration.ofSeconds(60));

            assertThat(ids(receiver)).isEqualTo(expected);
            Map<String, Set<String>> bodies = new HashMap<>();
            receiver.posts().forEach(r -> bodies.computeIfAbsent(r.header("webhook-id"), k -> new HashSet<>()).add(r.bodyText()));
            bodies.forEach((id, copies) -> assertThat(copies).as("every copy of " + id).hasSize(1));
            assertThat(count("SELECT count(*) FROM webhooks.delivery_messages")).isEqualTo(EVENTS);
            app.destroy();
            app.waitFor();
        }
    }

    private static Set<String> ids(Receiver receiver) {
        Set<String> ids = new HashSet<>();
        receiver.posts().forEach(r -> ids.add(r.header("webhook-id")));
        return ids;
    }

    private void insertEndpoint(String url) throws Exception {
        UUID id = UUID.randomUUID();
        try (Connection c = postgres.connect(database)) {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO webhooks.delivery_destinations"
                    + " (id, org_id, transport, ordered, created_at, updated_at) VALUES (?, ?, 'webhooks', false, now(), now())")) {
                s.setObject(1, id);
                s.setString(2, org);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO webhooks.endpoints"
                    + " (id, org_id, url, skip_handshake, secret, created_at, updated_at) VALUES (?, ?, ?, true, ?, now(), now())")) {
                s.setObject(1, id);
                s.setString(2, org);
                s.setString(3, url);
                s.setString(4, Secrets.generate());
                s.executeUpdate();
            }
        }
    }

    private Process start(String bootstrap, File output) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=0", "-Deventfold.delivery.allow-loopback=true", "-Deventfold.delivery.allow-http=true",
                "-Deventfold.delivery.jitter=0", "-Deventfold.delivery.poll-interval=100ms",
                // a killed sender's claims come back soon (the lease), so the test needs no long wait
                "-Deventfold.delivery.claim-lease=5s",
                "-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
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

    private long count(String sql) {
        try (Connection c = postgres.connect(database); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (Exception e) {
            return -1; // not migrated yet
        }
    }

    private static void waitFor(String what, BooleanSupplier condition, Duration patience) {
        TestKafka.eventually(what, patience, Duration.ofMillis(100), condition);
    }
}
