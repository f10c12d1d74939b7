package dev.eventfold.bench;

import dev.eventfold.bench.peer.QuietLogging;
import dev.eventfold.localstack.LocalKafka;
import dev.eventfold.localstack.Postgres;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.model.KafkaBinding;
import dev.eventfold.model.Topic;
import dev.eventfold.model.payload.CampaignStatsUpdated;
import io.vertx.core.Vertx;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * webhooks' delivery rate and end-to-end latency: the packaged function on a child broker and a fresh database,
 * {@code endpoints} local HTTP receivers of one organization (10 % slow: answer after 3 s, beyond the 2 s
 * response timeout; 10 % failing: 500), derived events (campaign stats, 1,000 campaigns) written to
 * {@code <prefix>.campaign-stats} at {@code rate} events/s, each fanned out to every endpoint; latency = the
 * healthy receiver's receipt − the hand-off to the producer, over the events sent after a warm-up at the same
 * rate (a fresh JVM's JIT backlog is the warm-up's), with the rate delivered within that window (not the offered
 * one when a backlog drains after it) and the CPU of each process. Not a test: {@code bench/webhooks.sh [rate]
 * [endpoints] [seconds] [warm-up seconds]}.
 */
public final class WebhooksBench {

    private static final String PREFIX = "bench";

    private WebhooksBench() {
    }

    public static void main(String[] args) throws Exception {
        QuietLogging.apply();
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int endpoints = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int warmUpSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        Path root = Path.of(System.getProperty("eventfold.root", ".")).toAbsolutePath().normalize();
        String missing = FunctionApp.missing(root, "webhooks");
        if (missing != null) {
            System.out.println(missing);
            System.exit(2);
        }
        Path kafkaDir = Files.createDirectories(root.resolve("bench/target")).resolve("kafka-wh-" + System.currentTimeMillis());
        Postgres postgres = Postgres.available();
        String database = postgres.createFreshDatabase("bench_webhooks");
        Vertx vertx = Vertx.vertx();
        String loadBefore = Report.loadAverage();
        try (LocalKafka broker = LocalKafka.start(kafkaDir); BenchKafka kafka = new BenchKafka(broker.bootstrapServers())) {
            for (Topic topic : Topic.values()) {
                kafka.createTopics(List.of(topic.topicName(PREFIX)), topic.compacted());
            }
            String org = "bench-org";
            Map<String, String> config = new java.util.TreeMap<>(Map.ofEntries(
                    Map.entry("kafka.bootstrap.servers", broker.bootstrapServers()),
                    Map.entry("eventfold.topic-prefix", PREFIX),
                    Map.entry("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database)),
                    Map.entry("quarkus.datasource.reactive.url", postgres.reactiveUrl(database)),
                    Map.entry("quarkus.datasource.username", postgres.user()),
                    Map.entry("quarkus.datasource.password", postgres.password()),
                    Map.entry("eventfold.api-key.pepper", "bench-pepper-" + UUID.randomUUID()),
                    Map.entry("eventfold.delivery.allow-loopback", "true"),
                    Map.entry("eventfold.delivery.allow-http", "true"),
                    Map.entry("eventfold.delivery.response-timeout", "2s"),
                    Map.entry("eventfold.delivery.max-in-flight", "256")));
            // -Dbench.webhooks.config=key=value,key=value: the function's keys changed for an experiment
            for (String pair : System.getProperty("bench.webhooks.config", "").split(",")) {
                if (pair.contains("=")) {
                    config.put(pair.substring(0, pair.indexOf('=')).trim(), pair.substring(pair.indexOf('=') + 1).trim());
                }
            }

            // the receivers: healthy ones record the latency, slow ones answer after the timeout, failing ones 500
            WebhookReceivers receivers = new WebhookReceivers(vertx, endpoints);
            Map<String, Long> sentAt = receivers.sentAt;
            Histogram histogram = receivers.histogram;
            AtomicLong healthyReceived = receivers.healthyReceived;
            List<String> urls = receivers.urls;
            long healthy = receivers.count("healthy");

            try (FunctionApp app = FunctionApp.start(root, "webhooks", "bench", config, jvmOptions());
                 KafkaProducer<String, byte[]> producer = producer(broker.bootstrapServers())) {
                log("webhooks ready in %d ms", app.awaitReady(Duration.ofMinutes(3)));
                insertEndpoints(postgres, database, org, urls);
                log("%d endpoints (%d healthy); sending %d events/s for %d s (the first %d s are warm-up)", endpoints,
                        healthy, rate, seconds + warmUpSeconds, warmUpSeconds);
                String topic = Topic.CAMPAIGN_STATS.topicName(PREFIX);
                long start = System.nanoTime();
                long total = (long) rate * (seconds + warmUpSeconds);
                long firstMeasured = (long) rate * warmUpSeconds;
                long measuredEvents = 0;
                long measureStart = 0;
                Cpu cpuStart = null;
                long backlogAtStart = 0;
                for (long n = 0; n < total; n++) {
                    long due = start + n * 1_000_000_000L / rate;
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        if (wait > 200_000) {
                            Thread.sleep(0, 100_000);
                        }
                    }
                    if (n == firstMeasured) {
                        // healthy deliveries owed for the warm-up's events and not received yet
                        backlogAtStart = n * healthy - receivers.healthyAll.get();
                        cpuStart = Cpu.now(app, broker, database);
                        receivers.measureFrom = System.nanoTime();
                        measureStart = receivers.measureFrom;
                    }
                    CloudEvent stats = stats(org, n);
                    long now = System.nanoTime();
                    sentAt.put(stats.id(), now);
                    if (now >= receivers.measureFrom) {
                        measuredEvents++;
                    }
                    producer.send(KafkaBinding.toRecord(topic, stats));
                }
                // the window closes one send interval after the last send was due
                long windowEnd = start + total * 1_000_000_000L / rate;
                while (System.nanoTime() < windowEnd) {
                    Thread.onSpinWait();
                }
                long deliveredInWindow = receivers.healthyAll.get();
                Cpu cpuEnd = Cpu.now(app, broker, database);
                long backlogAtEnd = total * healthy - deliveredInWindow;
                double window = (windowEnd - measureStart) / 1e9;
                double delivered = (deliveredInWindow - (firstMeasured * healthy - backlogAtStart)) / window;
                String loadAtWindowEnd = Report.loadAverage();
                producer.flush();
                long expected = measuredEvents * healthy;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (healthyReceived.get() < expected && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                double drained = (System.nanoTime() - windowEnd) / 1e6;
                long succeeded = count(postgres, database, "SELECT count(*) FROM webhooks.delivery_messages WHERE status = 'succeeded'");
                String result;
                synchronized (histogram) {
                    StringBuilder sliceRows = new StringBuilder();
                    for (int i = 0; i < receivers.slices.size(); i++) {
                        Histogram h = receivers.slices.get(i);
                        long from = i * WebhookReceivers.SLICE_NANOS / 1_000_000_000L;
                        sliceRows.append(String.format(Locale.ROOT, "| %d–%d s | %,d | %.1f ms | %.1f ms | %.1f ms |%n",
                                from, from + WebhookReceivers.SLICE_NANOS / 1_000_000_000L, h.getTotalCount(),
                                ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(99)), ms(h.getMaxValue())));
                    }
                    result = String.format(Locale.ROOT, """
                            # webhooks delivery, %s

                            `bench/webhooks.sh %d %d %d %d`: %d endpoints of one organization (%d healthy, %d slow — answer \
                            after 3 s, beyond the 2 s response timeout — and %d failing with 500), campaign stats written \
                            to `%s` at %d events/s (%,d healthy deliveries/s offered) for a %d s warm-up and then %d s \
                            measured, each event fanned out to every endpoint (per-subject order on, 1,000 subjects). \
                            Latency = healthy receiver's receipt − hand-off to the producer, over the events sent in the \
                            measured window. Delivered/s = healthy receipts (of any event) within the window ÷ its length; \
                            backlog = healthy deliveries owed for the events sent so far and not received. Bench and \
                            receivers (one JVM), broker (child JVM), webhooks (packaged jar, G1, -Xmx768m, max-in-flight \
                            256) and PostgreSQL share the machine (%d cores). Load average %s before, %s at the window's end.

                            | events measured | healthy delivered/s in the window | backlog at start → end | drained after the window | p50 | p90 | p99 | max | slow requests | failing requests | messages succeeded (all) |
                            | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
                            | %,d | %,.0f | %,d → %,d | %,.0f ms | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %,d | %,d | %,d |

                            CPU over the window, in cores (user + system from /proc): %s

                            | events sent at | deliveries | p50 | p99 | max |
                            | --- | --- | --- | --- | --- |
                            %s""", Instant.now().toString().substring(0, 16) + " UTC", rate, endpoints, seconds,
                            warmUpSeconds, endpoints, healthy, receivers.count("slow"), receivers.count("failing"),
                            topic, rate, rate * healthy, warmUpSeconds, seconds,
                            Runtime.getRuntime().availableProcessors(), loadBefore, loadAtWindowEnd,
                            measuredEvents, delivered, backlogAtStart, backlogAtEnd, drained,
                            ms(histogram.getValueAtPercentile(50)), ms(histogram.getValueAtPercentile(90)),
                            ms(histogram.getValueAtPercentile(99)), ms(histogram.getMaxValue()),
                            receivers.slowReceived.get(), receivers.failingReceived.get(), succeeded,
                            cpuEnd.minus(cpuStart, windowEnd - measureStart), sliceRows);
                }
                System.out.println(result);
                Path out = root.resolve("bench/target/webhooks-latest.md");
                Files.writeString(out, result);
                log("written to %s", out);
            }
        } finally {
            vertx.close();
            postgres.dropDatabase(database);
        }
        System.exit(0);
    }

    /**
     * CPU time so far (ms) of the webhooks JVM, PostgreSQL (the bench database's backends and the server's WAL
     * writer, checkpointer and background writer: other sessions' backends on the same server count as others),
     * this JVM, the broker, and the machine (busy).
     */
    private record Cpu(long webhooks, long postgres, long bench, long broker, long machineBusy) {

        static Cpu now(FunctionApp app, LocalKafka broker, String database) {
            return new Cpu(app.process().cpuMillis(), postgresCpuMillis(database), ChildProcess.ownCpuMillis(),
                    ChildProcess.cpuMillisOf(broker.pid()), ChildProcess.machineCpuMillis()[0]);
        }

        private static long postgresCpuMillis(String database) {
            long total = 0;
            for (ProcessHandle p : (Iterable<ProcessHandle>) ProcessHandle.allProcesses()::iterator) {
                try {
                    String line = Files.readString(Path.of("/proc", Long.toString(p.pid()), "cmdline")).replace('\0', ' ');
                    if (line.startsWith("postgres: ") && (line.contains(" " + database + " ") || line.contains("walwriter")
                            || line.contains("checkpointer") || line.contains("background writer"))) {
                        total += Math.max(0, ChildProcess.cpuMillisOf(p.pid()));
                    }
                } catch (java.io.IOException | RuntimeException gone) {
                    // ended while we listed, or not ours to read
                }
            }
            return total;
        }

        String minus(Cpu start, long nanos) {
            double ms = nanos / 1e6;
            double webhooks = (this.webhooks - start.webhooks) / ms;
            double postgres = (this.postgres - start.postgres) / ms;
            double bench = (this.bench - start.bench) / ms;
            double broker = (this.broker - start.broker) / ms;
            double machine = (this.machineBusy - start.machineBusy) / ms;
            return String.format(Locale.ROOT, "webhooks %.2f, PostgreSQL %.2f, bench + receivers %.2f, broker %.2f, "
                    + "others %.2f; machine busy %.2f of %d", webhooks, postgres, bench, broker,
                    Math.max(0, machine - webhooks - postgres - bench - broker), machine, Runtime.getRuntime().availableProcessors());
        }
    }

    /** The function's JVM options: G1, 768 MiB, plus {@code -Dbench.webhooks.jvm} (e.g. {@code -XX:StartFlightRecording=...}). */
    private static List<String> jvmOptions() {
        List<String> options = new ArrayList<>(List.of("-XX:+UseG1GC", "-Xmx768m"));
        String extra = System.getProperty("bench.webhooks.jvm", "").trim();
        if (!extra.isEmpty()) {
            options.addAll(List.of(extra.split("\\s+")));
        }
        return options;
    }

    private static void insertEndpoints(Postgres postgres, String database, String org, List<String> urls) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (count(postgres, database, "SELECT count(*) FROM webhooks.endpoints") < 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("webhooks schema not migrated");
            }
            Thread.sleep(200);
        }
        try (Connection c = postgres.connect(database)) {
            for (String url : urls) {
                UUID id = UUID.randomUUID();
                try (PreparedStatement s = c.prepareStatement("INSERT INTO webhooks.delivery_destinations"
                        + " (id, org_id, transport, created_at, updated_at) VALUES (?, ?, 'webhooks', now(), now())")) {
                    s.setObject(1, id);
                    s.setString(2, org);
                    s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO webhooks.endpoints (id, org_id, url,"
                        + " skip_handshake, secret, created_at, updated_at) VALUES (?, ?, ?, true, ?, now(), now())")) {
                    s.setObject(1, id);
                    s.setString(2, org);
                    s.setString(3, url);
                    s.setString(4, "whsec_" + java.util.Base64.getEncoder().encodeToString(UUID.randomUUID().toString().getBytes()));
                    s.executeUpdate();
                }
            }
        }
    }

    private static long count(Postgres postgres, String database, String sql) {
        try (Connection c = postgres.connect(database); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (Exception e) {
            return -1;
        }
    }

    private static CloudEvent stats(String org, long n) {
        String campaign = "campaign-" + (n % 1000);
        return CloudEvent.of(UUID.randomUUID().toString(), "/functions/campaign-aggregator", EventType.CAMPAIGN_STATS_UPDATED,
                campaign, Instant.now(), org, null, new CampaignStatsUpdated(campaign, 10, 10, 5, 0.5, n, 3, 1));
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    private static void log(String format, Object... args) {
        System.out.println("[webhooks bench] " + String.format(Locale.ROOT, format, args));
    }
}
