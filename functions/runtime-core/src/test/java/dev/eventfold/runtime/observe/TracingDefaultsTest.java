package dev.eventfold.runtime.observe;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenTelemetry SDK is on exactly when somebody configured an OTLP endpoint, unless they said otherwise. */
class TracingDefaultsTest {

    /** Configuration as a function sees it: the extension's built-in defaults under what was written (ordinal 250). */
    private static boolean sdkDisabled(Map<String, String> written) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withInterceptors(new TracingDefaults())
                .withDefaultValue("quarkus.otel.sdk.disabled", "false")
                .withDefaultValue("quarkus.otel.exporter.otlp.endpoint", "http://localhost:4317")
                .withSources(new PropertiesConfigSource(written, "application.properties", 250))
                .build();
        return config.getValue("quarkus.otel.sdk.disabled", Boolean.class);
    }

    @Test
    void withoutAnEndpointTheSdkIsOffThoughTheExtensionsDefaultsNameOne() {
        assertThat(sdkDisabled(Map.of())).isTrue();
        assertThat(sdkDisabled(Map.of("quarkus.otel.exporter.otlp.endpoint", ""))).isTrue();
    }

    @Test
    void anEndpointForAllSignalsOrForTracesTurnsItOn() {
        assertThat(sdkDisabled(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://collector:4317"))).isFalse();
        assertThat(sdkDisabled(Map.of("quarkus.otel.exporter.otlp.traces.endpoint", "http://collector:4318"))).isFalse();
    }

    @Test
    void anExplicitSettingWins() {
        assertThat(sdkDisabled(Map.of("quarkus.otel.sdk.disabled", "false"))).isFalse();
        assertThat(sdkDisabled(Map.of("quarkus.otel.sdk.disabled", "true",
                "quarkus.otel.exporter.otlp.endpoint", "http://collector:4317"))).isTrue();
    }
}
