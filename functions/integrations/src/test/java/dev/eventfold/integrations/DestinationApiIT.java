package dev.eventfold.integrations;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The destinations API tests again, against the packaged application (and the native binary when it is built). */
@QuarkusIntegrationTest
class DestinationApiIT extends DestinationApiTest {
}
