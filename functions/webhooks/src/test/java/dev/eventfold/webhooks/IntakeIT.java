package dev.eventfold.webhooks;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The intake tests again, against the packaged application (and the native binary when it is built). */
@QuarkusIntegrationTest
class IntakeIT extends IntakeTest {
}
