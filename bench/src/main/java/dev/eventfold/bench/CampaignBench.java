package dev.eventfold.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventfold.localstack.Postgres;
import dev.eventfold.model.Json;
import dev.eventfold.model.KafkaBinding;
import dev.eventfold.model.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * campaign-aggregator on its Kafka trigger over a pre-filled page/view workload. Its output is coalesced (one
 * campaign-stats event per campaign per interval), so a run ends when its group's lag on both input topics is 0;
 * the latest stats per campaign are then checked against the totals the workload implies.
 */
final class CampaignBench {

    static final String NAME = "campaign-aggregator";
    /** campaign-aggregator's pull channel (runtime-core's {@code events}, over both input topics). */
    static final String CHANNEL = "events";

    private final Options options;
    private final BenchKafka kafka;
    private final Report report;
    private final List<BenchMain.StartRow> starts;

    CampaignBench(Options options, BenchKafka kafka, Report report, List<BenchMain.StartRow> starts) {
        this.options = options;
        this.kafka = kafka;
        this.report = report;
        this.starts = starts;
    }

    record Result(double rate, long startToFirstMs, boolean totalsMatch, String detail, ChildProcess.Memory memory) {
    }

    void run() {
        String missing = FunctionApp.missing(options.root(), NAME);
        if (missing != null) {
            report.note(missing);
            BenchMain.log(missing);
            return;
        }
        PageWorkload workload = PageWorkload.of(options.events() / 5, options.events() * 3 / 5);
        PageWorkload.Generated generated = workload.generate();
        BenchMain.log("workload %s", workload.describe());
        List<Result> results = new ArrayList<>();
        for (int rep = 1; rep <= options.reps(); rep++) {
            Result r = once(generated, rep);
            results.add(r);
            BenchMain.log("  %-45s %10s events/s  (first stats %d ms after launch, totals %s)", "Eventfold " + NAME,
                    Report.rate(r.rate()), r.startToFirstMs(), r.totalsMatch() ? "match" : "DIFFER: " + r.detail());
        }
        double median = Report.median(results.stream().map(Result::rate).toList());
        report.section("Kafka path: campaign-aggregator", String.format(Locale.ROOT,
                "Workload `%s`; pre-filled into `<prefix>.events` and `<prefix>.visits.enriched`. Rate = events / "
                        + "(moment the group's lag on both topics is 0 − broker append time of the first campaign-stats "
                        + "event); stats are coalesced per campaign per second, so ±1 s. Commit interval 500 ms for "
                        + "the bench (SmallRye's throttled strategy). Median of %d runs.",
                workload.describe(), options.reps()));
        report.table(List.of("Contender", "events/s (median)", "runs", "launch → first stats (ms)",
                "final totals = workload", "RSS at end (MiB)"), List.of(List.of("Eventfold " + NAME + " (Kafka trigger)",
                Report.rate(median), String.join(" / ", results.stream().map(r -> Report.rate(r.rate())).toList()),
                Report.ms(Report.median(results.stream().map(r -> (double) r.startToFirstMs()).toList())),
                results.stream().allMatch(Result::totalsMatch) ? "yes" : "no: " + results.stream()
                        .filter(r -> !r.totalsMatch()).findFirst().map(Result::detail).orElse(""),
                Long.toString(results.stream().mapToLong(r -> r.memory().rssMiB()).max().orElse(0)))));
        Result last = results.get(results.size() - 1);
        starts.add(new BenchMain.StartRow(NAME, "Kafka", -1, last.startToFirstMs(), last.memory()));
    }

    private Result once(PageWorkload.Generated generated, int rep) {
        for (int attempt = 1; ; attempt++) {
            try {
                return once(generated, rep, "benchca" + UUID.randomUUID().toString().substring(0, 6) + "r" + rep);
            } catch (BenchKafka.PrefillFailed e) {
                BenchMain.log("pre-fill failed (%s); %s", e.getMessage(), attempt < 3 ? "again on new topics" : "giving up");
                if (attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    private Result once(PageWorkload.Generated generated, int rep, String prefix) {
        String events = Topic.EVENTS.topicName(prefix);
        String views = Topic.VISITS_ENRICHED.topicName(prefix);
        String stats = Topic.CAMPAIGN_STATS.topicName(prefix);
        kafka.createTopics(List.of(events, views, stats, Topic.DEAD_LETTER.topicName(prefix)), false);
        kafka.prefill(events, generated.events());
        kafka.prefill(views, generated.enrichedViews());
        StatsWatch watch = new StatsWatch(kafka.bootstrap(), stats);
        Thread watcher = new Thread(watch, "stats-watch");
        watcher.start();
        Postgres pg = Postgres.fromEnvironment();
        String db = pg.createFreshDatabase("bench_campaign");
        Map<String, String> config = new HashMap<>(Contenders.baseConfig(pg, db, kafka.bootstrap(), prefix));
        config.put("eventfold.kafka-trigger.enabled", "true");
        config.put("mp.messaging.incoming." + CHANNEL + ".auto.commit.interval.ms", "500");
        try (FunctionApp app = FunctionApp.start(options.root(), NAME, "kafka-" + rep, config, Contenders.JVM)) {
            long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
            long doneAt = -1;
            while (System.nanoTime() < deadline && app.process().alive()) {
                if (kafka.lag(NAME, events) + kafka.lag(NAME, views) == 0) {
                    doneAt = System.currentTimeMillis();
                    break;
                }
                ChildProcess.sleep(100);
            }
            String mismatch = null;
            long checkUntil = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            do {
                mismatch = mismatch(generated.expected(), watch.latest);
                if (mismatch == null) {
                    break;
                }
                ChildProcess.sleep(250);
            } while (System.nanoTime() < checkUntil);
            ChildProcess.Memory memory = app.process().memory();
            long first = watch.firstAppend.get();
            double rate = doneAt < 0 || first <= 0 ? Double.NaN : generated.total() * 1000.0 / (doneAt - first);
            return new Result(rate, first <= 0 ? -1 : first - app.process().startedAtMillis(), mismatch == null,
                    mismatch, memory);
        } finally {
            watch.stop.set(true);
            pg.dropDatabase(db);
        }
    }

    static String mismatch(Map<String, PageWorkload.Expected> expected, Map<String, JsonNode> latest) {
        for (var e : expected.entrySet()) {
            JsonNode s = latest.get(e.getKey());
            PageWorkload.Expected x = e.getValue();
            if (s == null) {
                return "no stats for campaign " + e.getKey();
            }
            if (s.path("pages").asLong() != x.pages() || s.path("pagesSent").asLong() != x.pagesSent()
                    || s.path("views").asLong() != x.views() || s.path("pagesViewed").asLong() != x.pagesViewed()) {
                return "campaign " + e.getKey() + " shows " + s + ", expected " + x;
            }
        }
        return null;
    }

    /** Keeps the latest stats per campaign (by key) and the append time of the first stats record. */
    static final class StatsWatch implements Runnable {
        final Map<String, JsonNode> latest = new ConcurrentHashMap<>();
        final AtomicLong firstAppend = new AtomicLong(-1);
        final AtomicBoolean stop = new AtomicBoolean();
        private final String bootstrap;
        private final String topic;

        StatsWatch(String bootstrap, String topic) {
            this.bootstrap = bootstrap;
            this.topic = topic;
        }

        @Override
        public void run() {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            try (KafkaConsumer<byte[], byte[]> consumer =
                         new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                List<TopicPartition> partitions = new ArrayList<>();
                for (int i = 0; i < BenchKafka.PARTITIONS; i++) {
                    partitions.add(new TopicPartition(topic, i));
                }
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                while (!stop.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        firstAppend.compareAndSet(-1, r.timestamp());
                        try {
                            JsonNode data = Json.MAPPER.readTree(r.value());
                            // the record key is org-scoped (KafkaBinding.key), not the campaign: fall back to ce_subject
                            Header subject = r.headers().lastHeader(KafkaBinding.PREFIX + "subject");
                            latest.put(data.path("campaignId").asText(subject == null ? ""
                                    : new String(subject.value(), StandardCharsets.UTF_8)), data);
                        } catch (Exception e) {
                            // not a stats record; ignore
                        }
                    }
                }
            }
        }
    }
}
