package dev.eventfold.integrations;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The replay test again, against the packaged application (and the native binary when it is built). */
@QuarkusIntegrationTest
class ReplayIT extends ReplayTest {
}
