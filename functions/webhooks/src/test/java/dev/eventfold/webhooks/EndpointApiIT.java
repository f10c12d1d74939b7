package dev.eventfold.webhooks;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The subscriptions API tests again, against the packaged application. */
@QuarkusIntegrationTest
class EndpointApiIT extends EndpointApiTest {
}
