package dev.eventfold.webhooks;

import dev.eventfold.localstack.EventfoldTestResource;
import dev.eventfold.localstack.testing.TestSettings;

import java.util.HashMap;
import java.util.Map;

/**
 * The shared test infrastructure (real broker, fresh database, own topic prefix) plus the receivers' settings,
 * published through local-stack's TestSettings so that tests read the same values as the application.
 */
public class WebhooksTestResource extends EventfoldTestResource {

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        // the packaged application (*IT) runs without the %test profile: receivers are on 127.0.0.1 over http
        config.put("eventfold.delivery.allow-loopback", "true");
        config.put("eventfold.delivery.allow-http", "true");
        config.put("eventfold.delivery.jitter", "0");
        config.put("eventfold.delivery.poll-interval", "100ms");
        config.put("eventfold.delivery.response-timeout", "1s");
        TestSettings.publish(config);
        return config;
    }
}
