package dev.eventfold.bench;

import dev.eventfold.localstack.Postgres;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.model.Topic;
import dev.eventfold.model.payload.OrganizationCreated;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The Funqy/Knative path: user-aggregator with its Kafka trigger off, sent binary-mode CloudEvents over HTTP the
 * way a KafkaSource delivers them, at a fixed concurrency (one ordered lane per concurrent delivery).
 */
final class FunqyBench {

    private final Options options;
    private final BenchKafka kafka;
    private final Report report;
    private final List<BenchMain.StartRow> starts;

    FunqyBench(Options options, BenchKafka kafka, Report report, List<BenchMain.StartRow> starts) {
        this.options = options;
        this.kafka = kafka;
        this.report = report;
        this.starts = starts;
    }

    void run() {
        String name = UserAggregatorBench.NAME;
        String missing = FunctionApp.missing(options.root(), name);
        if (missing != null) {
            report.note("Funqy path: " + missing);
            BenchMain.log(missing);
            return;
        }
        int n = options.httpEvents();
        int warmUp = options.httpWarmUp();
        UserWorkload workload = UserWorkload.of(n + warmUp, Math.max(100, (n + warmUp) / 10));
        List<CloudEvent> events = workload.generate();
        Postgres pg = Postgres.fromEnvironment();
        String db = pg.createFreshDatabase("bench_funqy");
        String prefix = "benchfq" + UUID.randomUUID().toString().substring(0, 6);
        kafka.createTopics(List.of(Topic.EVENTS.topicName(prefix), Topic.DEAD_LETTER.topicName(prefix)), false);
        kafka.createTopics(List.of(Topic.USERS.topicName(prefix)), true);
        Map<String, String> config = new HashMap<>(Contenders.baseConfig(pg, db, kafka.bootstrap(), prefix));
        config.put("eventfold.kafka-trigger.enabled", "false");
        try (FunctionApp app = FunctionApp.start(options.root(), name, "funqy", config, Contenders.JVM)) {
            long ready = app.awaitReady(Duration.ofMinutes(3));
            URI endpoint = endpoint(app, name);
            BenchMain.log("%s (Funqy) ready in %d ms at %s; warming up with %d events", name, ready, endpoint, warmUp);
            HttpLoad.Split split = HttpLoad.run(lanes(endpoint, events), warmUp, () -> analyze(pg, db));
            HttpLoad.Outcome warm = split.warmUp();
            HttpLoad.Outcome o = split.measured();
            BenchKafka.Watch derived = kafka.watch(Topic.USERS.topicName(prefix), events.size(),
                    Duration.ofSeconds(15), Duration.ofMinutes(2));
            BenchMain.log("  funqy %s events/s  p50 %s ms  p99 %s ms  %s; %d derived events on %s", Report.rate(o.eventsPerSecond()),
                    Report.ms(o.p(50)), Report.ms(o.p(99)), o.statusSummary(), derived.distinct(),
                    Topic.USERS.topicName(prefix));
            report.section("Funqy/Knative path: HTTP binary-mode CloudEvents to user-aggregator", String.format(
                    Locale.ROOT, "Workload `%s` (%,d events, %,d users) at %d concurrent deliveries, each lane "
                            + "ordered by user like a KafkaSource partition, in one continuous load over keep-alive "
                            + "connections. The first %,d requests warm the JVM up (not counted: %s events/s, p99 %s ms); "
                            + "halfway through them the database is analyzed, as autovacuum does within a minute of a "
                            + "table's first rows (before that, cached plans of a never-analyzed table scan it whole). "
                            + "Measured: the %,d requests that started after the warm-up and ended before the first "
                            + "lane ran out of events, so all at the full concurrency. POST with ce-* headers; "
                            + "204 = applied (dedup + fold + commit; the derived event leaves through the outbox relay "
                            + "right after, not waited for). Target: p99 < 20 ms.",
                    workload.name(), workload.events(), workload.users(), options.concurrency(), warmUp,
                    Report.rate(warm.eventsPerSecond()), Report.ms(warm.p(99)), o.requests()));
            report.table(List.of("Function", "concurrency", "events", "events/s", "p50 (ms)", "p99 (ms)",
                    "p99.9 (ms)", "max (ms)", "statuses", "derived events seen"), List.of(List.of(name,
                    Integer.toString(options.concurrency()), String.format(Locale.ROOT, "%,d", o.events()),
                    Report.rate(o.eventsPerSecond()), Report.ms(o.p(50)), Report.ms(o.p(99)), Report.ms(o.p(99.9)),
                    Report.ms(o.latencyMicros().getMaxValue() / 1000.0), o.statusSummary(),
                    String.format(Locale.ROOT, "%,d of %,d", derived.distinct(), events.size()))));
            if (o.firstError() != null) {
                report.note("Funqy path: first non-2xx answer: " + o.firstError());
            }
            starts.add(new BenchMain.StartRow(name, "Funqy (HTTP)", ready, -1, app.process().memory()));
        } finally {
            pg.dropDatabase(db);
        }
    }

    private static void analyze(Postgres pg, String db) {
        try (var c = pg.connect(db); var s = c.createStatement()) {
            s.execute("ANALYZE");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("ANALYZE of " + db + " failed", e);
        }
    }

    private List<List<HttpLoad.Call>> lanes(URI endpoint, List<CloudEvent> events) {
        List<List<HttpLoad.Call>> lanes = new ArrayList<>();
        for (List<CloudEvent> lane : HttpLoad.lanesBySubject(events, options.concurrency())) {
            lanes.add(lane.stream().map(e -> HttpLoad.binary(endpoint, e, Map.of())).toList());
        }
        return lanes;
    }

    /**
     * Where the function takes CloudEvents: {@code /} when it is the exported function, else {@code /<name>};
     * probed with an organization-created event, which user-aggregator does not consume (answered 204, skipped).
     */
    static URI endpoint(FunctionApp app, String name) {
        CloudEvent probe = CloudEvent.of(UUID.randomUUID().toString(), "/bench/probe", EventType.ORGANIZATION_CREATED,
                UUID.randomUUID().toString(), Instant.now(), UUID.randomUUID().toString(), null,
                new OrganizationCreated("bench probe"));
        for (String path : List.of("/", "/" + name)) {
            try {
                HttpResponse<String> r = HttpLoad.CLIENT.send(HttpLoad.binary(app.uri(path), probe, Map.of()).toRequest(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 404) {
                    return app.uri(path);
                }
            } catch (Exception e) {
                throw new IllegalStateException("probe of " + app.uri(path) + " failed", e);
            }
        }
        throw new IllegalStateException(name + " answers 404 on / and /" + name);
    }
}
