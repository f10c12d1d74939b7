package dev.eventfold.knative;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What is read from a function module's sources: config keys, mapped types, Kafka groups (fixture modules). */
class FunctionSourcesTest {

    private static final Path FIXTURE = Paths.knative().resolve("src/test/resources/functions-fixture");

    @Test
    void keysComeFromPropertiesExpressionsConfigPropertiesMappingsAndTheRuntime() {
        FunctionSources sample = FunctionSources.read(FIXTURE, "sample-aggregator");

        assertThat(sample.exists()).isTrue();
        assertThat(sample.applicationName()).contains("sample-aggregator");
        assertThat(sample.configKeys()).contains("eventfold.schema", "quarkus.datasource.jdbc.url", "PGHOST",
                "sample.only-in-dev", "sample.batch-size", "eventfold.sample.city-db", "eventfold.sample.renamed-key",
                "eventfold.api-key.pepper");
        assertThat(sample.configPrefixes()).containsExactly("eventfold.sample.limits");
    }

    @Test
    void environmentVariablesMatchKeysTheWayMicroProfileConfigMapsThem() {
        FunctionSources sample = FunctionSources.read(FIXTURE, "sample-aggregator");

        assertThat(sample.readsEnv("EVENTFOLD_SCHEMA")).isTrue();
        assertThat(sample.readsEnv("PGHOST")).isTrue();
        assertThat(sample.readsEnv("EVENTFOLD_SAMPLE_CITY_DB")).isTrue();
        assertThat(sample.readsEnv("EVENTFOLD_SAMPLE_LIMITS_MAX")).isTrue();
        assertThat(sample.readsEnv("EVENTFOLD_API_KEY_PEPPER")).as("read by the runtime it depends on").isTrue();
        assertThat(sample.readsEnv("QUARKUS_DATASOURCE_PASSWORD")).as("the datasource extension is configured")
                .isTrue();
        assertThat(sample.readsEnv("EVENTFOLD_SAMPLE_CITY_DATABASE")).isFalse();
        assertThat(sample.readsEnv("EVENTFOLD_SAMPLE_SOMETHING_ELSE")).as("renamed by @WithName").isFalse();
        assertThat(sample.readsEnv("QUARKUS_HTTP_PORT")).as("quarkus.http is not configured").isFalse();
        assertThat(sample.readsEnv("EVENTFOLD_SCHEMAS")).isFalse();
    }

    @Test
    void mappedTypesComeFromConsumesTheConsumesConstantAndFunqyMappingsAndTheRuntimesControlPlane() {
        FunctionSources sample = FunctionSources.read(FIXTURE, "sample-aggregator");

        // sample-aggregator stands on function-runtime, which folds API-key events for every function
        assertThat(sample.mappedTypes()).containsExactlyInAnyOrder("dev.eventfold.user.created",
                "dev.eventfold.user.updated", "dev.eventfold.page.sent", "dev.eventfold.page.clicked",
                "dev.eventfold.campaign.created", "dev.eventfold.apikey.issued", "dev.eventfold.apikey.revoked");
        assertThat(sample.kafkaGroups()).containsExactly("sample-aggregator");
    }

    @Test
    void cloudEventMappingTriggersAreMappedTypesAndAModuleWithoutTheRuntimeReadsOnlyItsOwnKeys() {
        FunctionSources plain = FunctionSources.read(FIXTURE, "plain-function");

        assertThat(plain.mappedTypes()).containsExactly("dev.eventfold.page.clicked", "dev.eventfold.page.viewed");
        assertThat(plain.configKeys()).containsExactly("plain.limit");
        assertThat(plain.readsEnv("EVENTFOLD_API_KEY_PEPPER")).isFalse();
    }

    @Test
    void aMissingModuleReadsNothing() {
        FunctionSources missing = FunctionSources.read(FIXTURE, "no-such-function");

        assertThat(missing.exists()).isFalse();
        assertThat(FunctionSources.moduleNames(FIXTURE)).containsExactly("plain-function", "sample-aggregator");
    }
}
