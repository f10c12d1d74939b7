package dev.eventfold.useraggregator;

import dev.eventfold.localstack.Postgres;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.KafkaBinding;
import dev.eventfold.model.Topic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The packaged user-aggregator as the *IT suites run it: a child JVM on one broker, topic prefix and database,
 * folding in small batches; and the few things those suites do around it (produce a log, count rows, wait).
 */
final class PackagedUserAggregator {

    private final String bootstrap;
    private final String prefix;
    private final Postgres postgres;
    private final String database;

    PackagedUserAggregator(String bootstrap, String prefix, Postgres postgres, String database) {
        this.bootstrap = bootstrap;
        this.prefix = prefix;
        this.postgres = postgres;
        this.database = database;
    }

    /** Starts the jar in production mode with {@code extra} variables; its output goes to {@code log} (emptied). */
    Process start(File log, Map<String, String> extra) throws Exception {
        Files.deleteIfExists(log.toPath());
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=0", "-Dmp.messaging.incoming.events.max.poll.records=25",
                "-jar", Path.of("target", "quarkus-app", "quarkus-run.jar").toString());
        Map<String, String> env = new HashMap<>(Map.of(
                // production mode: the runtime refuses to start with the development pepper
                "EVENTFOLD_API_KEY_PEPPER", TestSupport.PEPPER,
                "KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                "EVENTFOLD_TOPIC_PREFIX", prefix));
        env.putAll(pgEnvironment());
        env.putAll(extra);
        pb.environment().putAll(env);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        return pb.start();
    }

    Map<String, String> pgEnvironment() {
        return Map.of(
                "PGHOST", postgres.host(),
                "PGPORT", Integer.toString(postgres.port()),
                "PGDATABASE", database,
                "PGUSER", postgres.user(),
                "PGPASSWORD", postgres.password());
    }

    /** Waits until the application logged that it started (Quarkus' "started in" line). */
    static void awaitStartup(Process app, File log, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!(log.exists() && Files.readString(log.toPath()).contains("started in"))) {
            if (System.nanoTime() > deadline || !app.isAlive()) {
                throw new AssertionError("the application did not start within " + timeout + "; see " + log);
            }
            Thread.sleep(20);
        }
    }

    void produce(List<CloudEvent> events) {
        Map<String, Object> props = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (CloudEvent e : events) {
                producer.send(KafkaBinding.toRecord(Topic.EVENTS.topicName(prefix), e));
            }
            producer.flush();
        }
    }

    /** The single number {@code sql} selects, or -1 while its tables do not exist yet. */
    long count(String sql) {
        try (Connection c = postgres.connect(database); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            return -1; // not migrated yet
        }
    }

    long historyRows() {
        return count("SELECT (SELECT count(*) FROM user_aggregator.user_logins) "
                + "+ (SELECT count(*) FROM user_aggregator.user_failed_logins)");
    }

    static void waitFor(String what, LongSupplier value, LongPredicate done, Duration timeout, Supplier<String> diagnosis)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(value.getAsLong())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what + " (now " + value.getAsLong() + "); "
                        + diagnosis.get());
            }
            Thread.sleep(20);
        }
    }
}
