package dev.eventfold.alerting;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The Funqy and rules API tests again, against the packaged application (and the native binary when it is built). */
@QuarkusIntegrationTest
public class AlertingFunctionIT extends AlertingFunctionTest {
}
