package dev.eventfold.alerting;

import dev.eventfold.localstack.EventfoldTestResource;

/**
 * The shared test infrastructure (real broker, fresh database, own topic prefix); its settings reach the tests
 * through local-stack's TestSettings whether the application runs in the test JVM or as the packaged jar.
 */
public class AlertingTestResource extends EventfoldTestResource {
}
