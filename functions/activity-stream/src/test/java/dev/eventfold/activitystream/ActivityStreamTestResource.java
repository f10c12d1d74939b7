package dev.eventfold.activitystream;

import dev.eventfold.localstack.EventfoldTestResource;
import dev.eventfold.localstack.run.FunctionApp;
import dev.eventfold.localstack.testing.TestSettings;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The shared test infrastructure (real broker, fresh database, own topic prefix) plus the real campaign-aggregator,
 * its packaged jar started on the same broker, database and prefix, so that the dashboard's proxy answers with the
 * aggregator's own numbers. When the jar is not built the aggregator is not started and {@link #CAMPAIGN_AGGREGATOR}
 * is not published (the browser test says so).
 */
public class ActivityStreamTestResource extends EventfoldTestResource {

    public static final String CAMPAIGN_AGGREGATOR = "eventfold.activity.read-apis.campaign-aggregator";
    static final Path JAR = Path.of("../campaign-aggregator/target/quarkus-app/quarkus-run.jar");

    private FunctionApp aggregator;

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        if (Files.isRegularFile(JAR)) {
            int port = freePort();
            Map<String, String> aggregatorConfig = new HashMap<>(config);
            aggregatorConfig.put("eventfold.kafka-trigger.enabled", "true");
            aggregator = FunctionApp.start("campaign-aggregator", JAR.toAbsolutePath(), port, aggregatorConfig,
                    Path.of("target/campaign-aggregator.log").toAbsolutePath());
            try {
                aggregator.awaitReady(HttpClient.newHttpClient(), Duration.ofMinutes(3));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            config.put(CAMPAIGN_AGGREGATOR, aggregator.baseUri().toString());
        }
        TestSettings.publish(config);
        return config;
    }

    @Override
    public void stop() {
        if (aggregator != null) {
            aggregator.close();
        }
        super.stop();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
