package dev.eventfold.bench;

import dev.eventfold.localstack.LocalKafka;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.Topic;
import org.apache.kafka.streams.StreamsConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The benchmark: starts a broker in a child JVM (local-stack's LocalKafka), pre-fills a named workload, times the ceiling, the Kafka Streams
 * peer and the Eventfold functions over it (each in its own JVM), then the HTTP paths, and prints the markdown table.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        dev.eventfold.bench.peer.QuietLogging.apply();
        Options options = Options.parse(args);
        Path root = options.root();
        Path logs = root.resolve("bench/target/logs");
        Report report = new Report();
        String command = "bench/run.sh " + String.join(" ", args);
        report.source("packaged jars under `functions/*/target/quarkus-app` of " + commitOf(root));
        log("Eventfold bench: root %s, logs in %s", root, logs);

        Path kafkaDir = Files.createDirectories(root.resolve("bench/target"))
                .resolve("kafka-" + System.currentTimeMillis());
        try (LocalKafka broker = LocalKafka.start(kafkaDir)) {
            String bootstrap = broker.bootstrapServers();
            log("broker (LocalKafka, pid %d) at %s, log %s", broker.pid(), bootstrap, broker.logFile());
            try (BenchKafka kafka = new BenchKafka(bootstrap, broker.pid())) {
                List<StartRow> starts = new ArrayList<>();
                kafkaPath(options, kafka, logs, report, starts);
                if (options.runs("campaign-aggregator")) {
                    new CampaignBench(options, kafka, report, starts).run();
                }
                if (options.runs("funqy")) {
                    new FunqyBench(options, kafka, report, starts).run();
                }
                if (options.runs("ingest")) {
                    new IngestBench(options, kafka, report, starts).run();
                }
                startTable(report, starts);
            }
        }
        deleteTree(kafkaDir);
        String markdown = report.render(command);
        System.out.println();
        System.out.println(markdown);
        Path out = options.out();
        Report.write(out, markdown);
        log("written to %s", out);
        System.exit(0);
    }

    /** Start time and memory of one function, from whichever part of the run started it. */
    record StartRow(String function, String trigger, long readyMs, long firstEventMs, ChildProcess.Memory memory) {
    }

    private static void kafkaPath(Options options, BenchKafka kafka, Path logs, Report report,
                                  List<StartRow> starts) {
        UserWorkload workload = UserWorkload.of(options.events(), options.users());
        List<KafkaRun.Contender> contenders = new ArrayList<>();
        if (options.runs("ceiling")) {
            contenders.add(Contenders.ceiling(logs));
        }
        if (options.runs("streams")) {
            contenders.add(Contenders.streams(logs, StreamsConfig.AT_LEAST_ONCE));
        }
        if (options.runs("streams-eos")) {
            contenders.add(Contenders.streams(logs, StreamsConfig.EXACTLY_ONCE_V2));
        }
        if (options.runs("user-aggregator")) {
            String missing = FunctionApp.missing(options.root(), "user-aggregator");
            if (missing != null) {
                report.note(missing);
                log(missing);
            } else {
                contenders.add(UserAggregatorBench.kafkaContender(options.root(), List.of()));
            }
        }
        if (contenders.isEmpty()) {
            return;
        }
        log("workload %s: generating", workload.describe());
        List<CloudEvent> events = workload.generate();
        Map<String, List<KafkaRun.Result>> results = new LinkedHashMap<>();
        contenders.forEach(c -> results.put(c.label(), new ArrayList<>()));
        BenchKafka.PrefillStats stats = null;
        for (int rep = 1; rep <= options.reps(); rep++) {
            String prefix = null;
            for (int attempt = 1; prefix == null; attempt++) {
                String candidate = "bench" + UUID.randomUUID().toString().substring(0, 6) + "r" + rep;
                kafka.createTopics(List.of(Topic.EVENTS.topicName(candidate), Topic.DEAD_LETTER.topicName(candidate)), false);
                try {
                    stats = kafka.prefill(Topic.EVENTS.topicName(candidate), events);
                    prefix = candidate;
                } catch (BenchKafka.PrefillFailed e) {
                    log("pre-fill failed (%s: %s); %s", e.getMessage(), e.getCause(), attempt < 3 ? "again on a new topic" : "giving up");
                    if (attempt >= 3) {
                        throw e;
                    }
                }
            }
            log("run %d/%d: pre-filled %s with %d events in %d ms", rep, options.reps(),
                    Topic.EVENTS.topicName(prefix), stats.events(), stats.millis());
            // rotate the order so that no contender always goes first (cold page cache, warm broker)
            for (int i = 0; i < contenders.size(); i++) {
                KafkaRun.Contender c = contenders.get((i + rep - 1) % contenders.size());
                KafkaRun.Result r = KafkaRun.run(kafka, c, prefix, rep, events.size());
                results.get(c.label()).add(r);
                if (r.outputs() < events.size()) {
                    report.note(c.label() + " run " + rep + ": only " + r.outputs() + " of " + events.size()
                            + " outputs arrived (lag " + r.lagAfter() + "); that run counts as n/a; log " + r.log());
                }
                log("  %-45s %10s events/s  (%d outputs, %d duplicates, first output %d ms after launch, lag %d, "
                                + "CPU ms per 1,000 events: %s own, %s broker, %s PostgreSQL, %s bench; machine busy %s; "
                                + "RSS %d MiB, peak %d MiB)", c.label(), Report.rate(r.eventsPerSecond()),
                        r.outputs(), r.duplicates(), r.startToFirstMs(), r.lagAfter(), Report.ms(r.cpuMsPerThousand()),
                        Report.ms(r.brokerCpuMsPerThousand()), Report.ms(r.postgresCpuMsPerThousand()),
                        Report.ms(r.benchCpuMsPerThousand()), percent(r.machineBusyShare()), r.memory().rssMiB(),
                        r.memory().peakMiB());
            }
        }
        double peer = median(results, "Kafka Streams peer (" + StreamsConfig.AT_LEAST_ONCE + ")");
        double ceiling = median(results, "Ceiling: consume→produce loop");
        report.section("Kafka path: pre-filled topic → last output", String.format(Locale.ROOT,
                "Workload `%s`: %,d events, %,d distinct users (keys), %d organizations, " + BenchKafka.PARTITIONS
                        + " partitions; mean record "
                        + "value %d bytes + %d bytes of ce_* headers; each user's created first, then 10%% updated, "
                        + "70%% logged-in, 20%% login-failed. Rate = (outputs − 1) / (broker append time of last output "
                        + "− first output); start-up is the separate column. CPU ms per 1,000 events, from its first output to its last "
                        + "(/proc/<pid>/stat, user+system): the contender's own process, the broker's, and every `postgres` process "
                        + "(a backend that exits meanwhile is not counted: a lower bound), less sensitive to other load than the rate; "
                        + "bench (watch): the bench's own JVM, which counts the outputs. Machine busy: all cores' "
                        + "non-idle time over the same window (/proc/stat), near 100%% when the run is CPU-bound. "
                        + "RSS: at the end of the run and the peak (VmRSS, VmHWM). Median of %d runs, each contender in its "
                        + "own JVM; broker in another.",
                workload.name(), workload.events(), workload.users(), workload.orgs(), stats.meanValueBytes(),
                stats.meanHeaderBytes(), options.reps()));
        List<List<String>> rows = new ArrayList<>();
        for (var e : results.entrySet()) {
            List<Double> rates = e.getValue().stream().map(KafkaRun.Result::eventsPerSecond).toList();
            double m = Report.median(rates);
            rows.add(List.of(e.getKey(), Report.rate(m),
                    String.join(" / ", rates.stream().map(Report::rate).toList()),
                    Report.ratio(m, peer), Report.ratio(m, ceiling),
                    Report.ms(Report.median(e.getValue().stream().map(r -> (double) r.startToFirstMs()).toList())),
                    Report.ms(Report.median(e.getValue().stream().map(KafkaRun.Result::cpuMsPerThousand).toList())),
                    Report.ms(Report.median(e.getValue().stream().map(KafkaRun.Result::brokerCpuMsPerThousand).toList())),
                    Report.ms(Report.median(e.getValue().stream().map(KafkaRun.Result::postgresCpuMsPerThousand).toList())),
                    Report.ms(Report.median(e.getValue().stream().map(KafkaRun.Result::benchCpuMsPerThousand).toList())),
                    percent(Report.median(e.getValue().stream().map(KafkaRun.Result::machineBusyShare).toList())),
                    e.getValue().stream().mapToLong(r -> r.memory().rssMiB()).max().orElse(0) + " / "
                            + e.getValue().stream().mapToLong(r -> r.memory().peakMiB()).max().orElse(0),
                    guarantee(e.getKey())));
        }
        report.table(List.of("Contender", "events/s (median)", "runs", "vs Kafka Streams", "vs ceiling",
                "launch → first output (ms)", "CPU ms / 1,000: own", "broker", "PostgreSQL", "bench (watch)",
                "machine busy", "RSS end / peak (MiB)",
                "state / guarantee"), rows);
        results.forEach((label, list) -> list.stream().filter(r -> r.duplicates() > 0).findFirst().ifPresent(r ->
                report.note(label + ": " + r.duplicates() + " duplicate outputs in a run (at-least-once emit)")));
        List<KafkaRun.Result> ua = results.getOrDefault(UserAggregatorBench.LABEL, List.of());
        if (!ua.isEmpty()) {
            KafkaRun.Result last = ua.get(ua.size() - 1);
            starts.add(new StartRow("user-aggregator", "Kafka", -1,
                    (long) Report.median(ua.stream().map(r -> (double) r.startToFirstMs()).toList()), last.memory()));
        }
        if (options.profile() && !ua.isEmpty()) {
            UserAggregatorBench.profile(options, kafka, events, report);
        }
    }

    private static String percent(double share) {
        return Double.isNaN(share) ? "n/a" : String.format(Locale.ROOT, "%.0f%%", share * 100);
    }

    private static String guarantee(String label) {
        if (label.startsWith("Ceiling")) {
            return "none: forwards records, no state";
        }
        if (label.contains(StreamsConfig.EXACTLY_ONCE_V2)) {
            return "RocksDB + changelog, Kafka transactions";
        }
        if (label.startsWith("Kafka Streams")) {
            return "RocksDB + changelog, at-least-once";
        }
        return "PostgreSQL projection + login history, dedup in the same transaction";
    }

    private static double median(Map<String, List<KafkaRun.Result>> results, String label) {
        return Report.median(results.getOrDefault(label, List.of()).stream()
                .map(KafkaRun.Result::eventsPerSecond).toList());
    }

    private static void startTable(Report report, List<StartRow> starts) {
        if (starts.isEmpty()) {
            return;
        }
        report.section("Function JVM start and memory", "Launch of the `java -jar quarkus-run.jar` process to "
                + "/q/health/ready answering 200, and to the first output of the first processed event; RSS from "
                + "/proc/<pid>/status (VmRSS at the end of the run, VmHWM peak).");
        List<List<String>> rows = new ArrayList<>();
        for (StartRow s : starts) {
            rows.add(List.of(s.function(), s.trigger(), Report.ms(s.readyMs()), Report.ms(s.firstEventMs()),
                    Long.toString(s.memory().rssMiB()), Long.toString(s.memory().peakMiB())));
        }
        report.table(List.of("Function", "Trigger", "launch → ready (ms)", "launch → first processed event (ms)",
                "RSS (MiB)", "peak RSS (MiB)"), rows);
    }

    /** The commit the measured functions were built from: git's HEAD of the root, or a HEAD_COMMIT file there. */
    static String commitOf(Path root) {
        try {
            Path marker = root.resolve("HEAD_COMMIT");
            if (Files.isRegularFile(marker)) {
                return "commit " + Files.readString(marker).trim();
            }
            Process git = new ProcessBuilder("git", "-C", root.toString(), "rev-parse", "--short", "HEAD")
                    .redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes()).trim();
            return git.waitFor() == 0 ? "commit " + out + " (plus any uncommitted changes in the tree)" : root.toString();
        } catch (IOException e) {
            return root.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return root.toString();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[bench] " + format + "%n", args);
        System.out.flush();
    }
}
