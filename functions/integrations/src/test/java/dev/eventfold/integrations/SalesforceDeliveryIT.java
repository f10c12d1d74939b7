package dev.eventfold.integrations;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The Salesforce delivery test again, against the packaged application (and the native binary when it is built). */
@QuarkusIntegrationTest
class SalesforceDeliveryIT extends SalesforceDeliveryTest {
}
