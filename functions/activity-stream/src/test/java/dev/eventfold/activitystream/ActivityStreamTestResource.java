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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shared test infrastructure (real broker, fresh database, own topic prefix) plus the real campaign-aggregator
 * and user-aggregator, their packaged jars started on the same broker, database and prefix, so that the dashboard's
 * proxy answers with the aggregators' own numbers. When a jar is not built that aggregator is not started and its
 * key ({@link #CAMPAIGN_AGGREGATOR}, {@link #USER_AGGREGATOR}) is not published (the browser test says so).
 */
public class ActivityStreamTestResource extends EventfoldTestResource {

    public static final String CAMPAIGN_AGGREGATOR = "eventfold.activity.read-apis.campaign-aggregator";
    public static final String USER_AGGREGATOR = "eventfold.activity.read-apis.user-aggregator";

    private final List<FunctionApp> aggregators = new ArrayList<>();

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        start("campaign-aggregator", CAMPAIGN_AGGREGATOR, config);
        start("user-aggregator", USER_AGGREGATOR, config);
        TestSettings.publish(config);
        return config;
    }

    /** Starts the function's packaged jar, when built, on the shared infrastructure and publishes its URL. */
    private void start(String name, String urlKey, Map<String, String> config) {
        Path jar = Path.of("../" + name + "/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            return;
        }
        Map<String, String> appConfig = new HashMap<>(config);
        appConfig.put("eventfold.kafka-trigger.enabled", "true");
        FunctionApp app = FunctionApp.start(name, jar.toAbsolutePath(), freePort(), appConfig,
                Path.of("target/" + name + ".log").toAbsolutePath());
        aggregators.add(app);
        try {
            app.awaitReady(HttpClient.newHttpClient(), Duration.ofMinutes(3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        config.put(urlKey, app.baseUri().toString());
    }

    @Override
    public void stop() {
        aggregators.forEach(FunctionApp::close);
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
