package dev.eventfold.localstack.run;

import dev.eventfold.localstack.ChildProcess;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One function's packaged Quarkus application running as a child JVM on its own port, configured by -D properties. */
public final class FunctionApp implements AutoCloseable {

    private final String name;
    private final int port;
    private final ChildProcess process;

    private FunctionApp(String name, int port, ChildProcess process) {
        this.name = name;
        this.port = port;
        this.process = process;
    }

    /** Starts {@code java -D… -jar quarkus-run.jar} with the given configuration, its output in the log file. */
    public static FunctionApp start(String name, Path jar, int port, Map<String, String> config, Path logFile) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m", "-Xmx512m", "-XX:+UseParallelGC"));
        config.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-Dquarkus.http.port=" + port);
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.addAll(List.of("-jar", jar.toString()));
        return new FunctionApp(name, port, ChildProcess.start(name, command, jar.getParent(), Map.of(), logFile));
    }

    public String name() {
        return name;
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public Path logFile() {
        return process.logFile();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits until /q/health/ready answers 200; fails early when the process exits. */
    public void awaitReady(HttpClient http, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(baseUri().resolve("/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited while starting; see " + logFile() + "\n"
                        + process.tail(25));
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + "; see " + logFile() + "\n"
                + process.tail(25));
    }

    @Override
    public void close() {
        process.close();
    }
}
