package dev.eventfold.webhooks;

import dev.eventfold.localstack.EventfoldTestResource;

import java.util.HashMap;
import java.util.Map;

/**
 * The shared test infrastructure (real broker, fresh database, own topic prefix), also published as system
 * properties under {@value #PREFIX} so that tests read the same values as the application.
 */
public class WebhooksTestResource extends EventfoldTestResource {

    static final String PREFIX = "webhooks-test.";

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        // the packaged application (*IT) runs without the %test profile: receivers are on 127.0.0.1 over http
        config.put("eventfold.webhooks.allow-loopback", "true");
        config.put("eventfold.webhooks.allow-http", "true");
        config.put("eventfold.webhooks.jitter", "0");
        config.put("eventfold.webhooks.poll-interval", "100ms");
        config.put("eventfold.webhooks.response-timeout", "1s");
        config.forEach((key, value) -> System.setProperty(PREFIX + key, value));
        return config;
    }
}
