package dev.eventfold.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A packaged Eventfold function ({@code functions/<name>/target/quarkus-app/quarkus-run.jar}) started as a child
 * JVM against the bench broker and a fresh database, configured with -D system properties.
 */
public final class FunctionApp implements AutoCloseable {

    private final String name;
    private final ChildProcess process;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private long readyAtNanos = -1;

    private FunctionApp(String name, ChildProcess process, int port) {
        this.name = name;
        this.process = process;
        this.port = port;
    }

    public static Path jar(Path root, String name) {
        return root.resolve("functions").resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** Why a function cannot be benchmarked now, or null when its jar is there. */
    public static String missing(Path root, String name) {
        Path jar = jar(root, name);
        return Files.isRegularFile(jar) ? null
                : name + " skipped: " + root.relativize(jar) + " is missing (build it: mvn -B -q -pl functions/"
                + name + " -am package -DskipTests)";
    }

    public static FunctionApp start(Path root, String name, String tag, Map<String, String> config,
                                    List<String> jvmArgs) {
        int port = Ports.free();
        Map<String, String> props = new TreeMap<>(config);
        props.put("quarkus.http.port", Integer.toString(port));
        props.putAll(extraProps());
        props.putIfAbsent("quarkus.log.level", "INFO");
        // production mode refuses the development pepper; a bench run has no keys worth protecting, only a unique one
        props.putIfAbsent("eventfold.api-key.pepper", "bench-pepper-" + java.util.UUID.randomUUID());
        List<String> command = new ArrayList<>();
        command.add(ChildProcess.java());
        command.addAll(jvmArgs);
        for (String arg : System.getProperty("bench.function.jvm", "").trim().split("\\s+")) {
            if (!arg.isEmpty()) {
                command.add(arg);
            }
        }
        props.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar(root, name).toString());
        Path log = root.resolve("bench/target/logs").resolve(name + "-" + tag + ".log");
        return new FunctionApp(name, ChildProcess.start(name, log, command), port);
    }

    /**
     * Configuration given to every function this run starts, from {@code -Dbench.function.props=key=value,...}
     * (e.g. {@code mp.messaging.incoming.events.concurrency=2}), so that one setting can be measured without a rebuild;
     * {@code -Dbench.function.jvm="-XX:StartFlightRecording=..."} adds JVM options the same way.
     */
    static Map<String, String> extraProps() {
        Map<String, String> props = new TreeMap<>();
        for (String pair : System.getProperty("bench.function.props", "").split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                props.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            } else if (!pair.isBlank()) {
                throw new IllegalArgumentException("bench.function.props: expected key=value, got " + pair);
            }
        }
        return props;
    }

    public String name() {
        return name;
    }

    public ChildProcess process() {
        return process;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Waits for /q/health/ready to answer 200 and returns milliseconds since the process was launched. */
    public long awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(uri("/q/health/ready")).timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!process.alive()) {
                throw new IllegalStateException(name + " exited before it was ready; see " + process.log() + "\n"
                        + process.tail(40));
            }
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    readyAtNanos = System.nanoTime();
                    return (readyAtNanos - process.startedAtNanos()) / 1_000_000;
                }
            } catch (Exception e) {
                // not listening yet
            }
            ChildProcess.sleep(25);
        }
        throw new IllegalStateException(name + " not ready within " + timeout + "; see " + process.log() + "\n"
                + process.tail(40));
    }

    @Override
    public void close() {
        process.close();
    }
}
