package dev.eventfold.knative;

import dev.eventfold.localstack.ChildProcess;
import dev.eventfold.localstack.KafkaBroker;
import dev.eventfold.localstack.Postgres;
import dev.eventfold.localstack.geoip.GeoIpFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Starts each function's packaged jar with exactly the environment its Knative Service in the dev overlay gives it:
 * env values, ConfigMap keys (envFrom, configMapKeyRef) and Secret references, nothing of this JVM's environment
 * but PATH and JAVA_HOME, no -D property but the HTTP port. Only what must point at this machine is replaced: the
 * Kafka bootstrap servers (the in-JVM broker), PGHOST/PGPORT/PGDATABASE/PGUSER/PGPASSWORD (the local PostgreSQL,
 * a fresh database per function), Secret values (test values) and paths under a volume mount (generated GeoIP
 * fixtures). Each must answer /q/health/ready with 200 in bounded time. Before the start, every variable is held to
 * the keys the function knows ({@link EnvironmentCheck}); the tests at the end break a copy to show both checks bite.
 */
class FunctionEnvironmentIT {

    static final List<String> FUNCTIONS = List.of("ingest", "user-aggregator", "geo-enricher", "campaign-aggregator");
    /** A cold JVM start with Flyway on a loaded two-core machine: generous, but bounded. */
    static final Duration READY_WITHIN = Duration.ofSeconds(Long.getLong("eventfold.ready-within-seconds", 180));
    /** What the Kubernetes Secrets would hold; the pepper must not be the development default (refused in prod). */
    static final Map<String, String> SECRETS = Map.of(
            "eventfold-api-keys/pepper", "it-pepper-" + UUID.randomUUID(),
            "eventfold-api-keys/admin-token", "it-admin-" + UUID.randomUUID(),
            "eventfold-api-keys/pixel-signing-key", "it-pixel-signing-key-" + UUID.randomUUID(),
            // AES-256: base64 of 32 bytes (integrations refuses to start in prod without one)
            "eventfold-integrations/credential-key", java.util.Base64.getEncoder().encodeToString(
                    UUID.randomUUID().toString().replace("-", "").getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
            "eventfold-activity-stream/token-signing-key", "it-activity-token-key-" + UUID.randomUUID());

    static List<Manifest> dev;
    static String bootstrap;
    static Postgres postgres;
    static final List<String> databases = new ArrayList<>();
    static final Map<String, Duration> readyTimes = new ConcurrentHashMap<>();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeAll
    static void infrastructure() {
        KustomizeRenderer.Rendering rendering = new KustomizeRenderer(Paths.knative()).render(Paths.overlay("dev"));
        assertThat(rendering.problems()).as("rendering the dev overlay").isEmpty();
        dev = rendering.manifests();
        bootstrap = KafkaBroker.bootstrapServers();
        postgres = Postgres.available();
    }

    @AfterAll
    static void cleanUp() {
        databases.forEach(db -> {
            try {
                postgres.dropDatabase(db);
            } catch (RuntimeException ignored) {
                // best effort: the database has a unique name
            }
        });
        readyTimes.forEach((function, time) -> System.out.println("[FunctionEnvironmentIT] " + function
                + " ready in " + time.toMillis() + " ms"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ingest", "user-aggregator", "geo-enricher", "campaign-aggregator", "alerting", "webhooks",
            "integrations", "activity-stream"})
    void startsWithExactlyItsServiceEnvironment(String function, @TempDir Path tmp) throws Exception {
        ServiceEnvironment environment = ServiceEnvironment.of(dev, function);
        assertThat(check(function, environment)).as("the variables of Service " + function).isEmpty();

        Launch launch = launch(function, environment, tmp);
        if (!launch.ready()) {
            fail(function + " was not ready within " + READY_WITHIN + " with the environment of its Service "
                    + environment.variables().values() + " (variables it needs: "
                    + FunctionSources.read(Paths.functions(), function).requiredVariables() + ")\n" + launch.log());
        }
        readyTimes.put(function, launch.time());
    }

    /** The shared infrastructure is one set: every function takes it from the same ConfigMap and Secret. */
    @Test
    void everyFunctionGetsTheSameInfrastructureVariables() {
        for (String function : FUNCTIONS) {
            ServiceEnvironment environment = ServiceEnvironment.of(dev, function);
            for (String name : List.of("KAFKA_BOOTSTRAP_SERVERS", "EVENTFOLD_TOPIC_PREFIX", "PGHOST", "PGPORT",
                    "PGDATABASE")) {
                assertThat(environment.variables().get(name)).as(function + " " + name).isNotNull()
                        .matches(v -> v.fromConfigMap(ManifestValidator.SHARED_CONFIG), "from eventfold-config");
            }
            FunctionSources sources = FunctionSources.read(Paths.functions(), function);
            for (String name : List.of("PGUSER", "PGPASSWORD")) {
                if (sources.readsEnv(name)) {
                    assertThat(environment.variables().get(name)).as(function + " " + name).isNotNull()
                            .matches(v -> "eventfold-db".equals(v.secret()), "from Secret eventfold-db");
                }
            }
        }
    }

    /** A copy of user-aggregator's Service without PGHOST: the check names it, and the jar does not get ready. */
    @Test
    void withoutPghostAFunctionIsNotReady(@TempDir Path tmp) throws Exception {
        ServiceEnvironment broken = ServiceEnvironment.of(dev, "user-aggregator").without("PGHOST");

        assertThat(check("user-aggregator", broken)).anySatisfy(problem ->
                assertThat(problem).startsWith("user-aggregator: PGHOST is missing"));
        Launch launch = launch("user-aggregator", broken, tmp, Duration.ofSeconds(90));
        assertThat(launch.ready()).as("user-aggregator ready without PGHOST").isFalse();
        // Without PGHOST the runtime's datasource URL cannot be expanded: Quarkus sees no URL and refuses to start.
        assertThat(launch.log()).as("why the start was refused").contains("Failed to start")
                .contains("quarkus.datasource.reactive.url");
    }

    /** Copies with a variable no function code reads, in each namespace the rule covers. */
    @Test
    void aVariableTheFunctionDoesNotReadFailsTheCheck() {
        ServiceEnvironment users = ServiceEnvironment.of(dev, "user-aggregator");
        ServiceEnvironment geo = ServiceEnvironment.of(dev, "geo-enricher");

        assertThat(check("user-aggregator", users.with("EVENTFOLD_GEOIP_CITY_DB", "/x.mmdb")))
                .contains("user-aggregator: EVENTFOLD_GEOIP_CITY_DB sets a config key that"
                        + " functions/user-aggregator does not read");
        assertThat(check("geo-enricher", geo.with("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://h/db")))
                .anySatisfy(p -> assertThat(p).startsWith("geo-enricher: QUARKUS_DATASOURCE_JDBC_URL is not a"
                        + " configuration key of any Quarkus extension in functions/geo-enricher"));
        assertThat(check("ingest", ServiceEnvironment.of(dev, "ingest").with("QUARKUS_HTTP_LIMITS_MAX_BODYSIZE", "1M")))
                .anySatisfy(p -> assertThat(p).startsWith("ingest: QUARKUS_HTTP_LIMITS_MAX_BODYSIZE is not a"));
        assertThat(check("user-aggregator", users.with("QUARKUS_DATASOURCE_DB_KIND", "postgresql")))
                .anySatisfy(p -> assertThat(p).startsWith("user-aggregator: QUARKUS_DATASOURCE_DB_KIND sets a"
                        + " BUILD_AND_RUN_TIME_FIXED key"));
        assertThat(check("user-aggregator", users.with("QUARKUS_DATASOURCE_USERNAME", "other")))
                .contains("user-aggregator: QUARKUS_DATASOURCE_USERNAME bypasses PGUSER, from which the runtime"
                        + " builds that key: every function reads the same variables");
        assertThat(check("campaign-aggregator", ServiceEnvironment.of(dev, "campaign-aggregator")
                .with("KAFKA_BOOTSTRAP_SERVER", "h:9092")))
                .contains("campaign-aggregator: KAFKA_BOOTSTRAP_SERVER sets a config key that"
                        + " functions/campaign-aggregator does not read");
        assertThat(check("geo-enricher", geo.with("PGAPPNAME", "geo")))
                .contains("geo-enricher: PGAPPNAME sets a config key that functions/geo-enricher does not read");
        // the real ones pass: a run-time Quarkus key of a packaged extension
        assertThat(check("ingest", ServiceEnvironment.of(dev, "ingest").with("QUARKUS_LOG_LEVEL", "INFO")))
                .isEmpty();
    }

    // --- helpers

    static List<String> check(String function, ServiceEnvironment environment) {
        return EnvironmentCheck.problems(environment, FunctionSources.read(Paths.functions(), function),
                QuarkusConfigModel.of(quarkusApp(function)), Paths.functions());
    }

    static Path quarkusApp(String function) {
        Path app = Paths.functions().resolve(function).resolve("target/quarkus-app");
        if (!Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
            fail("functions/" + function + " is not packaged (" + app.resolve("quarkus-run.jar") + "): run mvn verify"
                    + " (or package) on the function modules before the knative module");
        }
        return app;
    }

    record Launch(boolean ready, Duration time, String log) {
    }

    static Launch launch(String function, ServiceEnvironment environment, Path tmp) throws Exception {
        return launch(function, environment, tmp, READY_WITHIN);
    }

    /** Starts the jar with only the substituted Service environment, PATH and JAVA_HOME; waits for readiness. */
    static Launch launch(String function, ServiceEnvironment environment, Path tmp, Duration within)
            throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        for (ServiceEnvironment.Variable variable : environment.variables().values()) {
            env.put(variable.name(), localValue(function, variable, environment.mountPaths(), tmp));
        }
        String javaHome = System.getProperty("java.home");
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("JAVA_HOME", javaHome);

        int port = freePort();
        Path jar = quarkusApp(function).resolve("quarkus-run.jar");
        // An empty working directory: no .env or config/application.properties of the module can leak in.
        Path workDir = Files.createDirectories(tmp.resolve("work"));
        Path log = Paths.knative().resolve("target/function-environment-it").resolve(function + "-"
                + System.nanoTime() + ".log");
        List<String> command = List.of(Path.of(javaHome, "bin", "java").toString(), "-Xmx384m",
                "-XX:TieredStopAtLevel=1", "-Dquarkus.http.port=" + port, "-jar", jar.toString());
        long start = System.nanoTime();
        try (ChildProcess process = ChildProcess.startWithOnly(function, command, workDir, env, log)) {
            HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).GET().build();
            long deadline = start + within.toNanos();
            while (System.nanoTime() < deadline && process.isAlive()) {
                try {
                    if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        return new Launch(true, Duration.ofNanos(System.nanoTime() - start), process.tail(5));
                    }
                } catch (IOException notListening) {
                    // not listening yet
                }
                Thread.sleep(250);
            }
            return new Launch(false, Duration.ofNanos(System.nanoTime() - start),
                    (process.isAlive() ? "still running, not ready" : "exited") + "; log " + log + ":\n"
                            + process.tail(40));
        }
    }

    /** The value on this machine: infrastructure, Secrets and mounted files replaced, everything else as written. */
    static String localValue(String function, ServiceEnvironment.Variable variable, List<String> mounts, Path tmp) {
        String name = variable.name();
        switch (name) {
            case "KAFKA_BOOTSTRAP_SERVERS":
                return bootstrap;
            case "PGHOST":
                return postgres.host();
            case "PGPORT":
                return String.valueOf(postgres.port());
            case "PGDATABASE":
                String database = postgres.createFreshDatabase("knative_env_" + function);
                databases.add(database);
                return database;
            case "PGUSER":
                return postgres.user();
            case "PGPASSWORD":
                return postgres.password();
            default:
                break;
        }
        if (variable.fromSecret()) {
            String value = SECRETS.get(variable.secret() + "/" + variable.secretKey());
            if (value == null) {
                fail(function + ": env " + name + " takes Secret " + variable.secret() + "/" + variable.secretKey()
                        + ", which this test has no value for");
            }
            return value;
        }
        for (String mount : mounts) {
            if (variable.value().startsWith(mount + "/")) {
                return fixture(tmp.resolve("volume").resolve(variable.value().substring(mount.length() + 1)));
            }
        }
        return variable.value();
    }

    /** A generated GeoIP database of the kind the file name says (the geoip-update CronJob's editions). */
    static String fixture(Path file) {
        String fileName = file.getFileName().toString();
        try {
            Files.createDirectories(file.getParent());
            if (fileName.contains("ASN")) {
                GeoIpFixtures.asn().write(file);
            } else if (fileName.contains("Anonymous")) {
                GeoIpFixtures.anonymousIp().write(file);
            } else if (fileName.contains("Country")) {
                GeoIpFixtures.country().write(file);
            } else if (fileName.contains("City")) {
                GeoIpFixtures.city(fileName.startsWith("GeoIP2") ? "GeoIP2-City" : "GeoLite2-City",
                        fileName.startsWith("GeoIP2")).write(file);
            } else {
                fail("no GeoIP fixture for " + fileName);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file.toString();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
