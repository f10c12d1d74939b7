package dev.eventfold.ingest.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same HTTP-to-Kafka tests against the packaged application (the jar, or the native binary when built). */
@QuarkusIntegrationTest
class IngestResourceIT extends IngestResourceTest {
}
