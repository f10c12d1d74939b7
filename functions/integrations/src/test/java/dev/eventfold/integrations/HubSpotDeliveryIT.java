package dev.eventfold.integrations;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The HubSpot delivery tests again, against the packaged application (and the native binary when it is built). */
@QuarkusIntegrationTest
class HubSpotDeliveryIT extends HubSpotDeliveryTest {
}
