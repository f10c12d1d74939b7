package dev.eventfold.runtime.observe;

import dev.eventfold.runtime.config.FunctionConfig;
import dev.eventfold.runtime.trigger.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;

import static org.assertj.core.api.Assertions.assertThat;

class EventMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final EventMetrics metrics = metrics(registry);

    @Test
    void countsEachTypeOnOneCounterRegisteredOnce() {
        for (int i = 0; i < 1000; i++) {
            metrics.outcome(Outcome.APPLIED, "dev.eventfold.user.created");
        }
        metrics.outcome(Outcome.SKIPPED, "dev.eventfold.page.created");

        assertThat(registry.get(EventMetrics.APPLIED).tag("type", "dev.eventfold.user.created").tag("function", "f")
                .counter().count()).isEqualTo(1000);
        assertThat(registry.get(EventMetrics.SKIPPED).tag("type", "dev.eventfold.page.created").counter().count())
                .isEqualTo(1);
    }

    @Test
    void madeUpTypesBeyondTheBoundShareOneTagInsteadOfGrowingTheRegistry() {
        for (int i = 0; i < EventMetrics.MOST_TYPES + 500; i++) {
            metrics.outcome(Outcome.SKIPPED, "made.up." + i);
        }

        assertThat(registry.find(EventMetrics.SKIPPED).counters()).hasSize(EventMetrics.MOST_TYPES + 1);
        Counter other = registry.get(EventMetrics.SKIPPED).tag("type", "other").counter();
        assertThat(other.count()).isEqualTo(500);
    }

    private static EventMetrics metrics(SimpleMeterRegistry registry) {
        EventMetrics metrics = new EventMetrics();
        metrics.registry = registry;
        metrics.config = (FunctionConfig) Proxy.newProxyInstance(FunctionConfig.class.getClassLoader(),
                new Class<?>[] {FunctionConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "functionName" -> "f";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return metrics;
    }
}
