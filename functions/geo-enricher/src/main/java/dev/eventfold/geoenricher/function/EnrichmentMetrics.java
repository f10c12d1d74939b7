package dev.eventfold.geoenricher.function;

import dev.eventfold.geoenricher.domain.GeoEnricher;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.payload.PageViewEnriched;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Counts what both triggers enrich, at {@code /q/metrics}: {@code eventfold.events.enriched} by {@code geo} and
 * {@code reason} (how many views cannot be located, and why); runtime-core counts the rest.
 */
@ApplicationScoped
public class EnrichmentMetrics {

    private final MeterRegistry registry;

    EnrichmentMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void enriched(CloudEvent enriched) {
        PageViewEnriched view = enriched.payload(PageViewEnriched.class);
        Counter.builder("eventfold.events.enriched")
                .description("page views emitted enriched, by geo known/unknown and the unknown reason")
                .tag("function", GeoEnricher.FUNCTION_NAME)
                .tag("geo", view.geo())
                .tag("reason", view.unknownReason() == null ? "none" : view.unknownReason())
                .register(registry)
                .increment();
    }
}
