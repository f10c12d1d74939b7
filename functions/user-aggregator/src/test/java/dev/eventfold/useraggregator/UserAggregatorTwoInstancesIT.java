package dev.eventfold.useraggregator;

import dev.eventfold.localstack.KafkaBroker;
import dev.eventfold.localstack.Postgres;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventCodec;
import dev.eventfold.model.KafkaBinding;
import dev.eventfold.model.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas of the packaged application on one database and one consumer group; one is killed (SIGKILL) while
 * both fold, leaving derived events in the outbox that it committed, and perhaps sent, but never deleted. The
 * survivor takes over its partitions and folds the rest, and for every user the last state on the compacted
 * {@code users} topic is the newest one: an older state sent after a newer one would be what compaction keeps.
 */
class UserAggregatorTwoInstancesIT {

    private static final int USERS = 60;
    private static final int LOGINS_PER_USER = 30;
    /**
     * Rows older than this that nobody sent are swept by any replica: longer than the dead member's session
     * (10 s), so the survivor has folded the dead one's users further before it sweeps what that one left.
     */
    private static final Map<String, String> OUTBOX = Map.of("EVENTFOLD_OUTBOX_MIN_AGE", "20s",
            "EVENTFOLD_OUTBOX_FLUSH_INTERVAL", "2s");

    private final Postgres postgres = Postgres.fromEnvironment();
    private final String prefix = "t" + UUID.randomUUID().toString().substring(0, 8);
    private String database;
    private PackagedUserAggregator jar;
    private final List<Process> apps = new ArrayList<>();

    @BeforeEach
    void freshDatabase() {
        database = postgres.createFreshDatabase("ua_two");
        jar = new PackagedUserAggregator(KafkaBroker.bootstrapServers(), prefix, postgres, database);
    }

    @AfterEach
    void cleanUp() {
        apps.forEach(Process::destroyForcibly);
        postgres.dropDatabase(database);
    }

    @Test
    void aReplicaKilledMidFoldNeverLeavesAnOlderUserStateLastOnTheTopic() throws Exception {
        UserEvents org = new UserEvents("org-two");
        List<CloudEvent> log = new ArrayList<>();
        for (int u = 0; u < USERS; u++) {
            log.add(org.created("user-" + u, 0, "User " + u, "user-" + u + "@example.com", "member"));
        }
        for (int l = 0; l < LOGINS_PER_USER; l++) { // users interleaved: every user is still changing at the kill
            for (int u = 0; u < USERS; u++) {
                log.add(org.loggedIn("user-" + u, 1 + l, "10.0.1." + l));
            }
        }
        jar.produce(log);
        long total = (long) USERS * LOGINS_PER_USER;

        Process doomed = start("a");
        start("b");
        waitFor("both replicas to be part-way", jar::historyRows, n -> n >= total / 3, Duration.ofSeconds(120));
        doomed.destroyForcibly().waitFor();
        assertThat(jar.historyRows()).isLessThan(total);

        waitFor("the survivor to fold the whole log", jar::historyRows, n -> n == total, Duration.ofSeconds(180));
        waitFor("the outbox to be empty", () -> jar.count("SELECT count(*) FROM user_aggregator.outbox"), n -> n == 0,
                Duration.ofSeconds(90));

        Map<String, Long> newest = versions();
        assertThat(newest).hasSize(USERS);
        Map<String, Long> last = lastSequenceOnTheUsersTopic();
        assertThat(last).as("each user's last state on %s", Topic.USERS.topicName(prefix)).isEqualTo(newest);
    }

    private Process start(String instance) throws Exception {
        Map<String, String> env = new HashMap<>(OUTBOX);
        env.put("EVENTFOLD_KAFKA_TRIGGER_INSTANCE_ID", instance);
        File log = Path.of("target", "app-two-instances-" + instance + ".log").toFile();
        Process app = jar.start(log, env);
        apps.add(app);
        return app;
    }

    /** Each user's version in the projection: the sequence of its newest state. */
    private Map<String, Long> versions() throws Exception {
        Map<String, Long> versions = new HashMap<>();
        try (Connection c = postgres.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, version FROM user_aggregator.users")) {
            while (rs.next()) {
                versions.put(rs.getString(1), rs.getLong(2));
            }
        }
        return versions;
    }

    /** Reads the users topic to its end: per user, the sequence of its last record (what compaction keeps). */
    private Map<String, Long> lastSequenceOnTheUsersTopic() {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, Long> last = new HashMap<>();
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            String topic = Topic.USERS.topicName(prefix);
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime()).as("read %s to its end", topic).isLessThan(deadline);
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    CloudEvent state = KafkaBinding.fromRecord(EventCodec.internal(), record);
                    last.put(state.subject(), Long.parseLong(state.sequence()));
                }
            }
        }
        return last;
    }

    private static void waitFor(String what, java.util.function.LongSupplier value, java.util.function.LongPredicate done,
                                Duration timeout) throws InterruptedException {
        PackagedUserAggregator.waitFor(what, value, done, timeout, () -> "");
    }
}
