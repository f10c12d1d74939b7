package dev.eventfold.useraggregator;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The Funqy tests again, against the packaged application (and the native binary when it is built). */
@QuarkusIntegrationTest
public class UserAggregatorFunctionIT extends UserAggregatorFunctionTest {
}
