package dev.eventfold.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventfold.localstack.Postgres;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.Json;
import dev.eventfold.model.Topic;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Ingest's POST /events: events/s accepted (202 after acks=all) for single binary-mode events at the HTTP
 * concurrency and for structured batches of 100 and 1,000, with request latency percentiles.
 */
final class IngestBench {

    static final String NAME = "ingest";
    static final String ADMIN_TOKEN = "bench-admin-token";

    private final Options options;
    private final BenchKafka kafka;
    private final Report report;
    private final List<BenchMain.StartRow> starts;

    IngestBench(Options options, BenchKafka kafka, Report report, List<BenchMain.StartRow> starts) {
        this.options = options;
        this.kafka = kafka;
        this.report = report;
        this.starts = starts;
    }

    void run() throws Exception {
        String missing = FunctionApp.missing(options.root(), NAME);
        if (missing != null) {
            report.note(missing);
            BenchMain.log(missing);
            return;
        }
        Postgres pg = Postgres.fromEnvironment();
        String db = pg.createFreshDatabase("bench_ingest");
        String prefix = "benchin" + UUID.randomUUID().toString().substring(0, 6);
        kafka.createTopics(List.of(Topic.EVENTS.topicName(prefix)), false);
        Map<String, String> config = new java.util.HashMap<>(Contenders.baseConfig(pg, db, kafka.bootstrap(), prefix));
        config.put("eventfold.api-key.pepper", "bench-pepper");
        config.put("eventfold.admin.token", ADMIN_TOKEN);
        try (FunctionApp app = FunctionApp.start(options.root(), NAME, "http", config, Contenders.JVM)) {
            long ready = app.awaitReady(Duration.ofMinutes(3));
            String[] org = createOrganization(app);
            String orgId = org[0];
            Map<String, String> auth = Map.of("X-Api-Key", org[1]);
            int n = options.ingestEvents();
            List<CloudEvent> events = UserWorkload.of(n * 3 + 2_000, Math.max(100, n / 10)).generate().stream()
                    .map(e -> e.withOrgId(orgId)).toList();
            // warm-up, not measured: the first 2,000 events one by one
            HttpLoad.run(singles(app, events.subList(0, 2_000), auth));
            List<List<String>> rows = new ArrayList<>();
            int from = 2_000;
            HttpLoad.Outcome single = HttpLoad.run(singles(app, events.subList(from, from + n), auth));
            rows.add(row("single events, binary mode", options.concurrency(), single));
            from += n;
            HttpLoad.Outcome b100 = HttpLoad.run(batches(app, events.subList(from, from + n), 100, 8, auth));
            rows.add(row("batches of 100, structured", 8, b100));
            from += n;
            HttpLoad.Outcome b1000 = HttpLoad.run(batches(app, events.subList(from, from + n), 1000, 4, auth));
            rows.add(row("batches of 1,000, structured", 4, b1000));
            for (HttpLoad.Outcome o : List.of(single, b100, b1000)) {
                if (o.firstError() != null) {
                    report.note("ingest: " + o.statusSummary() + " first error: " + o.firstError());
                }
            }
            report.section("Ingest: POST /events accepted (202 after Kafka acks=all)", String.format(Locale.ROOT,
                    "%,d user events per mode (after a 2,000-event warm-up), one organization and API key made through "
                            + "POST /admin/organizations; ingest in its own JVM, the broker in another.", n));
            report.table(List.of("Mode", "concurrent requests", "events", "events/s accepted", "p50 request (ms)",
                    "p99 request (ms)", "statuses"), rows);
            starts.add(new BenchMain.StartRow(NAME, "HTTP", ready, -1, app.process().memory()));
        } finally {
            pg.dropDatabase(db);
        }
    }

    private static List<String> row(String mode, int concurrency, HttpLoad.Outcome o) {
        BenchMain.log("  ingest %-30s %10s events/s  p50 %s ms  p99 %s ms  %s", mode, Report.rate(o.eventsPerSecond()),
                Report.ms(o.p(50)), Report.ms(o.p(99)), o.statusSummary());
        return List.of(mode, Integer.toString(concurrency), String.format(Locale.ROOT, "%,d", o.events()),
                Report.rate(o.eventsPerSecond()), Report.ms(o.p(50)), Report.ms(o.p(99)), o.statusSummary());
    }

    private List<List<HttpLoad.Call>> singles(FunctionApp app, List<CloudEvent> events, Map<String, String> auth) {
        List<List<HttpLoad.Call>> lanes = new ArrayList<>();
        for (List<CloudEvent> lane : HttpLoad.lanesBySubject(events, options.concurrency())) {
            lanes.add(lane.stream().map(e -> HttpLoad.binary(app.uri("/events"), e, auth)).toList());
        }
        return lanes;
    }

    private static List<List<HttpLoad.Call>> batches(FunctionApp app, List<CloudEvent> events, int size, int lanes,
                                                     Map<String, String> auth) {
        List<List<HttpLoad.Call>> out = new ArrayList<>();
        for (int i = 0; i < lanes; i++) {
            out.add(new ArrayList<>());
        }
        for (int i = 0, b = 0; i < events.size(); i += size, b++) {
            List<CloudEvent> chunk = events.subList(i, Math.min(events.size(), i + size));
            out.get(b % lanes).add(HttpLoad.batch(app.uri("/events"), chunk, auth));
        }
        return out;
    }

    /** POST /admin/organizations: returns the organization id and its API key. */
    static String[] createOrganization(FunctionApp app) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(app.uri("/admin/organizations"))
                .header("X-Admin-Token", ADMIN_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Bench Inc\",\"keyLabel\":\"bench\"}")).build();
        HttpResponse<String> r = HttpLoad.CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("ingest refused to create an organization: " + r.statusCode() + " " + r.body());
        }
        JsonNode body = Json.MAPPER.readTree(r.body());
        return new String[]{body.get("organizationId").asText(), body.get("apiKey").asText()};
    }
}
