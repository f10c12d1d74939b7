package dev.eventfold.integrations;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The pull trigger test again, against the packaged application. */
@QuarkusIntegrationTest
class KafkaTriggerIT extends KafkaTriggerTest {
}
