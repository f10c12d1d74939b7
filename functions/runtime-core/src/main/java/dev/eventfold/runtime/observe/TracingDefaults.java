package dev.eventfold.runtime.observe;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import jakarta.annotation.Priority;

import java.util.List;

/**
 * Turns the OpenTelemetry SDK on exactly when an OTLP endpoint is configured: {@code quarkus.otel.sdk.disabled}
 * that nobody set is {@code true} unless {@code quarkus.otel.exporter.otlp.endpoint} or
 * {@code quarkus.otel.exporter.otlp.traces.endpoint} is set (for example by
 * {@code QUARKUS_OTEL_EXPORTER_OTLP_ENDPOINT}). Without it a function would export to {@code localhost:4317},
 * where nothing listens, and log a failure every few seconds. An explicit {@code quarkus.otel.sdk.disabled} wins.
 */
@Priority(io.smallrye.config.Priorities.APPLICATION + 100)
public class TracingDefaults implements ConfigSourceInterceptor {

    static final String SDK_DISABLED = "quarkus.otel.sdk.disabled";
    static final List<String> ENDPOINTS =
            List.of("quarkus.otel.exporter.otlp.endpoint", "quarkus.otel.exporter.otlp.traces.endpoint");

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (!SDK_DISABLED.equals(name) || setByUser(value)) {
            return value;
        }
        boolean endpoint = ENDPOINTS.stream().map(context::proceed).anyMatch(TracingDefaults::setByUser);
        return ConfigValue.builder()
                .withName(name)
                .withValue(Boolean.toString(!endpoint))
                .withConfigSourceName(TracingDefaults.class.getSimpleName())
                .withConfigSourceOrdinal(Integer.MIN_VALUE + 1)
                .build();
    }

    /**
     * Whether a value comes from configuration somebody wrote (a properties file, the environment, a system
     * property: ordinals from 100 up) rather than from an extension's built-in default (the lowest ordinals).
     */
    private static boolean setByUser(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank()
                && value.getConfigSourceOrdinal() > 0;
    }
}
