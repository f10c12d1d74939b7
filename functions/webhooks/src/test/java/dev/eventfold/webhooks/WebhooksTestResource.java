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
        config.forEach((key, value) -> System.setProperty(PREFIX + key, value));
        return config;
    }
}
