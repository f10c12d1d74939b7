package dev.eventfold.bench;

import dev.eventfold.bench.peer.CeilingMain;
import dev.eventfold.bench.peer.StreamsPeerMain;
import dev.eventfold.localstack.Postgres;
import dev.eventfold.model.Topic;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The contenders of the Kafka path: the ceiling, the Kafka Streams peer and the Eventfold functions. */
final class Contenders {

    /** The same JVM options for every contender JVM, so that none gets a bigger heap than another. */
    static final List<String> JVM = List.of("-XX:+UseG1GC", "-Xmx1g");

    private Contenders() {
    }

    /**
     * The JVM options of a peer (ceiling, Kafka Streams) run: {@link #JVM}, this JVM's {@code bench.streams.*}
     * system properties, and a JFR recording to
     * {@code $BENCH_PEER_JFR/<name>.jfr} when that variable names a directory (to see where a peer spends its CPU;
     * summarise with {@code JfrSummary}).
     */
    static List<String> peerJvm(String name) {
        List<String> jvm = new ArrayList<>(JVM);
        // the peer's own switches (bench.streams.threads, .strict, .json-state) reach its JVM
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("bench.streams.")).sorted()
                .forEach(k -> jvm.add("-D" + k + "=" + System.getProperty(k)));
        String dir = System.getenv("BENCH_PEER_JFR");
        if (dir == null || dir.isBlank()) {
            return jvm;
        }
        jvm.add("-XX:StartFlightRecording=filename=" + Path.of(dir).toAbsolutePath().resolve(name + ".jfr")
                + ",settings=profile,dumponexit=true");
        return jvm;
    }

    /** A plain consume-and-produce loop. */
    static KafkaRun.Contender ceiling(Path logs) {
        return new KafkaRun.Contender() {
            public String label() {
                return "Ceiling: consume→produce loop";
            }

            public String outputTopic(String prefix, int rep) {
                return prefix + ".ceiling-out-" + rep;
            }

            public boolean compactedOutput() {
                return false;
            }

            public KafkaRun.Started start(String bootstrap, String prefix, int rep) {
                String group = prefix + "-ceiling-" + rep;
                ChildProcess p = ChildProcess.javaMain("ceiling", logs.resolve("ceiling-" + rep + ".log"),
                        peerJvm("ceiling-" + rep),
                        CeilingMain.class, List.of(bootstrap, Topic.EVENTS.topicName(prefix),
                                outputTopic(prefix, rep), group));
                return new KafkaRun.Started(p, group, null);
            }
        };
    }

    /** The user fold on Kafka Streams with the given processing guarantee. */
    static KafkaRun.Contender streams(Path logs, String guarantee) {
        String tag = guarantee.replace('_', '-');
        return new KafkaRun.Contender() {
            public String label() {
                return "Kafka Streams peer (" + guarantee + ")";
            }

            public String outputTopic(String prefix, int rep) {
                return prefix + ".streams-" + tag + "-out-" + rep;
            }

            public boolean compactedOutput() {
                return true;
            }

            public KafkaRun.Started start(String bootstrap, String prefix, int rep) {
                String app = prefix + "-streams-" + tag + "-" + rep;
                ChildProcess p = ChildProcess.javaMain("streams", logs.resolve("streams-" + tag + "-" + rep + ".log"),
                        peerJvm("streams-" + tag + "-" + rep), StreamsPeerMain.class, List.of(bootstrap, Topic.EVENTS.topicName(prefix),
                                outputTopic(prefix, rep), app, guarantee));
                p.awaitLog(Pattern.compile("STATE (RUNNING)"), java.time.Duration.ofMinutes(2));
                return new KafkaRun.Started(p, app, null);
            }
        };
    }

    /**
     * An Eventfold function on its Kafka trigger against a fresh database; it writes {@code output} under the
     * run's prefix and commits offsets as {@code group}.
     */
    static KafkaRun.Contender function(Path root, String name, Topic output, String group, List<String> jvmExtra,
                                       Map<String, String> extraConfig) {
        return new KafkaRun.Contender() {
            public String label() {
                return "Eventfold " + name + " (Kafka trigger)";
            }

            public String outputTopic(String prefix, int rep) {
                return output.topicName(prefix);
            }

            public boolean compactedOutput() {
                return output.compacted();
            }

            public KafkaRun.Started start(String bootstrap, String prefix, int rep) {
                Postgres pg = Postgres.fromEnvironment();
                String db = pg.createFreshDatabase("bench_" + name.replace('-', '_'));
                Map<String, String> config = new HashMap<>(baseConfig(pg, db, bootstrap, prefix));
                config.put("eventfold.kafka-trigger.enabled", "true");
                config.putAll(extraConfig);
                List<String> jvm = new ArrayList<>(JVM);
                jvm.addAll(jvmExtra);
                FunctionApp app = FunctionApp.start(root, name, "kafka-" + rep, config, jvm);
                return new KafkaRun.Started(app.process(), group, () -> pg.dropDatabase(db));
            }
        };
    }

    /** What every function needs to run against the bench broker and a database. */
    static Map<String, String> baseConfig(Postgres pg, String db, String bootstrap, String prefix) {
        Map<String, String> c = new HashMap<>();
        c.put("kafka.bootstrap.servers", bootstrap);
        c.put("eventfold.topic-prefix", prefix);
        c.put("quarkus.datasource.reactive.url", pg.reactiveUrl(db));
        c.put("quarkus.datasource.jdbc.url", pg.jdbcUrl(db));
        c.put("quarkus.datasource.username", pg.user());
        c.put("quarkus.datasource.password", pg.password());
        return c;
    }
}
