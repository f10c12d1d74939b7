package dev.eventfold.integrations;

import dev.eventfold.localstack.EventfoldTestResource;
import dev.eventfold.localstack.testing.TestSettings;

import java.util.HashMap;
import java.util.Map;

/**
 * The shared test infrastructure (real broker, fresh database, own topic prefix) plus what the simulated tools
 * need: loopback over http, short retries without jitter. Published through TestSettings for the tests.
 */
public class IntegrationsTestResource extends EventfoldTestResource {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        // the packaged application (*IT) runs without the %test profile: the tools are on 127.0.0.1 over http
        config.put("eventfold.delivery.allow-loopback", "true");
        config.put("eventfold.delivery.allow-http", "true");
        config.put("eventfold.delivery.jitter", "0");
        config.put("eventfold.delivery.poll-interval", "100ms");
        config.put("eventfold.delivery.response-timeout", "2s");
        // a quick schedule: a retried item comes back within a second
        config.put("eventfold.delivery.retry-schedule", "0s,300ms,300ms,300ms,300ms");
        config.put("eventfold.delivery.max-in-flight", "400");
        config.put("eventfold.integrations.default-rate-limit", "50");
        // the packaged application runs in production mode, which refuses to start without a credential key
        config.put("eventfold.integrations.credential-key", java.util.Base64.getEncoder().encodeToString(
                "integrations-test-key-32-bytes!!".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        TestSettings.publish(config);
        return config;
    }
}
