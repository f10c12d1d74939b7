package dev.eventfold.campaignaggregator.function;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same HTTP CloudEvent tests against the packaged application (the jar; the native binary when built). */
@QuarkusIntegrationTest
class CampaignAggregatorFunctionIT extends CampaignAggregatorFunctionTest {
}
