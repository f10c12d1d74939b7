package dev.eventfold.localstack.run;

import dev.eventfold.localstack.EmbeddedPostgresServer;
import dev.eventfold.localstack.JavaClasspath;
import dev.eventfold.localstack.LocalKafka;
import dev.eventfold.localstack.Postgres;
import dev.eventfold.localstack.geoip.DbIpCityLite;
import dev.eventfold.model.Topic;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;

/**
 * The README's run command: a broker and PostgreSQL from local-stack, every built function on its Kafka trigger, and a
 * simulated campaign driven through ingest, with progress while it runs and a summary from the read APIs at the end.
 */
public final class Launcher {

    static final String DATABASE = "eventfold_local";
    static final String PREFIX = Topic.DEFAULT_PREFIX;

    private final LaunchOptions options;
    private final RunState state;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<FunctionApp> apps = new ArrayList<>();
    private LocalKafka kafka;
    private EmbeddedPostgresServer embeddedPostgres;
    private ProgressReporter progress;
    private ConsumerLag lag;

    Launcher(LaunchOptions options) {
        this.options = options;
        this.state = new RunState(options.runDir());
    }

    public static void main(String[] args) {
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(JavaClasspath.projectRoot(), args);
        } catch (IllegalArgumentException e) {
            System.out.println(e.getMessage());
            boolean help = List.of(args).contains("--help") || List.of(args).contains("-h");
            System.exit(help ? 0 : 2);
            return;
        }
        Launcher launcher = new Launcher(options);
        Runtime.getRuntime().addShutdownHook(new Thread(launcher::stop, "launcher-stop"));
        int code;
        try {
            code = launcher.run();
        } catch (Exception e) {
            System.out.println("FAILED: " + e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause() + ")"));
            launcher.printLogs();
            code = 1;
        }
        System.exit(code);
    }

    int run() throws Exception {
        int leftovers = state.stopLeftovers();
        if (leftovers > 0) {
            say("stopped " + leftovers + " process(es) left over from an earlier run");
        }
        if (!options.reuse()) {
            say("resetting the previous run's state in " + options.runDir() + " (use --reuse to keep it)");
            state.reset();
        }
        DemoGeoIp geoIp = DemoGeoIp.resolve(options.projectRoot(), System.getenv(),
                DemoGeoIp.defaultCacheDir(System.getenv()), DbIpCityLite::fetchOnce, this::say);
        say("GeoIP databases: " + geoIp.origin());
        say("starting Kafka (KRaft, child JVM, data in " + state.kafkaDir() + ")");
        kafka = LocalKafka.start(state.kafkaDir());
        state.remember(kafka.pid());
        say("Kafka answers at " + kafka.bootstrapServers());

        Postgres postgres = postgres();
        if (!options.reuse()) {
            postgres.dropDatabase(DATABASE);
        }
        postgres.createDatabaseIfMissing(DATABASE);
        say("PostgreSQL " + postgres.host() + ":" + postgres.port() + ", database " + DATABASE);

        Map<String, URI> running = startFunctions(postgres, geoIp);
        lag = new ConsumerLag(kafka.bootstrapServers());
        List<String> groups = running.keySet().stream().filter(n -> !n.equals(FunctionCatalog.INGEST)).toList();
        VisitorPool visitors = VisitorPool.load(geoIp.cityDb(), 3000, new Random(42));
        say(visitors.size() + " visitor addresses ready (GeoIP test list + a sample the city database places in a city)");
        Simulation simulation = new Simulation(new IngestClient(http, running.get(FunctionCatalog.INGEST)), visitors,
                new Random());
        progress = new ProgressReporter(lag, groups, Topic.EVENTS.topicName(PREFIX), simulation::eventsSent,
                simulation::visitsSent).start(3);

        URI dashboard = running.get(FunctionCatalog.ACTIVITY_STREAM);
        if (dashboard != null) {
            say("watch it live: dashboard at " + dashboard.resolve("/dashboard/")
                    + " (sign in with the API key and the campaign id printed below)");
        }
        say("simulating: " + options.users() + " users, " + options.pages() + " pages, " + options.visits() + " visits");
        Simulation.Result result = simulation.run(options, this::say);
        say("all sent; waiting until every function has caught up");
        if (!progress.awaitCaughtUp(1800, 90)) {
            say("not every function caught up; the summary shows what the read APIs have so far");
        }
        Thread.sleep(3000); // campaign stats are flushed at most once a second
        progress.close();
        System.out.println(progress.line());
        new Summary(http, result.organization().apiKey()).print(running, result);
        System.out.println("places from " + geoIp.origin());
        printLogs();
        if (options.keepRunning()) {
            System.out.println();
            running.forEach((name, uri) -> System.out.println("  " + name + " at " + uri));
            System.out.println("  Kafka at " + kafka.bootstrapServers() + "; API key of the simulated organization: "
                    + result.organization().apiKey());
            if (dashboard != null) {
                System.out.println("  dashboard at " + dashboard.resolve("/dashboard/") + " (sign in with the API key above)");
            }
            System.out.println("Running until Ctrl-C.");
            new CountDownLatch(1).await();
        }
        return 0;
    }

    private Postgres postgres() {
        Postgres configured = Postgres.fromEnvironment();
        if (configured.isListening()) {
            return configured;
        }
        say("nothing listens at " + configured.host() + ":" + configured.port()
                + ": starting an embedded PostgreSQL (data in " + state.postgresDir() + ")");
        embeddedPostgres = EmbeddedPostgresServer.start(state.postgresDir(), false);
        return embeddedPostgres.postgres();
    }

    private Map<String, URI> startFunctions(Postgres postgres, DemoGeoIp geoIp) throws InterruptedException {
        Map<String, String> common = new LinkedHashMap<>();
        common.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        common.put("eventfold.topic-prefix", PREFIX);
        common.put("quarkus.datasource.jdbc.url", postgres.jdbcUrl(DATABASE));
        common.put("quarkus.datasource.reactive.url", postgres.reactiveUrl(DATABASE));
        common.put("quarkus.datasource.username", postgres.user());
        common.put("quarkus.datasource.password", postgres.password());
        // several JVMs start at once on a small machine: give Flyway's first connection time
        common.put("quarkus.datasource.jdbc.acquisition-timeout", "60S");
        // ports first: a function may be told where another listens (activity-stream proxies the read APIs)
        Map<String, URI> peers = new LinkedHashMap<>();
        for (FunctionCatalog.Function function : FunctionCatalog.all(options.projectRoot())) {
            peers.put(function.name(), URI.create("http://127.0.0.1:" + freePort()));
        }
        for (FunctionCatalog.Function function : FunctionCatalog.all(options.projectRoot())) {
            boolean wanted = options.only().isEmpty() || options.only().contains(function.name())
                    || function.name().equals(FunctionCatalog.INGEST);
            if (!wanted) {
                say("skipping " + function.name() + " (not in --only)");
            } else if (!function.isBuilt()) {
                say("skipping " + function.name() + ": " + function.jar() + " is not built (mvn -B package -DskipTests)");
            } else {
                FunctionApp app = FunctionApp.start(function.name(), function.jar().toAbsolutePath(),
                        peers.get(function.name()).getPort(), FunctionCatalog.config(function.name(), common, geoIp, peers),
                        state.logDir().resolve(function.name() + ".log"));
                apps.add(app);
                state.remember(apps.get(apps.size() - 1).pid());
                say("starting " + function.name() + " at " + app.baseUri());
            }
        }
        if (apps.stream().noneMatch(a -> a.name().equals(FunctionCatalog.INGEST))) {
            throw new IllegalStateException("ingest is not built: run mvn -B package -DskipTests first");
        }
        Map<String, URI> running = new LinkedHashMap<>();
        for (FunctionApp app : apps) {
            app.awaitReady(http, Duration.ofMinutes(4));
            running.put(app.name(), app.baseUri());
            say(app.name() + " is ready");
        }
        return running;
    }

    void printLogs() {
        System.out.println();
        System.out.println("Logs:");
        List<Path> logs = new ArrayList<>();
        if (kafka != null) {
            logs.add(kafka.logFile());
        }
        apps.forEach(app -> logs.add(app.logFile()));
        (logs.isEmpty() ? state.logs() : logs).forEach(log -> System.out.println("  "
                + options.projectRoot().toAbsolutePath().relativize(log.toAbsolutePath())));
    }

    /** Stops every process this launcher started: the functions first, then Kafka and the embedded PostgreSQL. */
    synchronized void stop() {
        if (progress != null) {
            progress.close();
        }
        List<Thread> stopping = apps.stream().map(app -> new Thread(app::close, "stop-" + app.name())).toList();
        stopping.forEach(Thread::start);
        for (Thread t : stopping) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        apps.clear();
        if (lag != null) {
            lag.close();
            lag = null;
        }
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
        if (embeddedPostgres != null) {
            embeddedPostgres.close();
            embeddedPostgres = null;
        }
    }

    private void say(String message) {
        System.out.println("==> " + message);
    }

    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
