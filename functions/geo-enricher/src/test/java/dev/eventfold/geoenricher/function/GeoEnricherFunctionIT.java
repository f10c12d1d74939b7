package dev.eventfold.geoenricher.function;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The HTTP CloudEvent tests again, on the packaged application (and on the native binary when it is built). */
@QuarkusIntegrationTest
class GeoEnricherFunctionIT extends GeoEnricherFunctionTest {
}
