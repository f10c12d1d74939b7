package dev.eventfold.geoenricher.function;

import dev.eventfold.geoenricher.domain.GeoEnricher;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.runtime.trigger.StatelessHandler;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Set;

/** geo-enricher on runtime-core: each page view through the {@link GeoEnricher} core, one enriched view out. */
@ApplicationScoped
public class GeoEnricherHandler implements StatelessHandler {

    private final GeoEnricher enricher;
    private final EnrichmentMetrics metrics;

    GeoEnricherHandler(GeoEnricher enricher, EnrichmentMetrics metrics) {
        this.enricher = enricher;
        this.metrics = metrics;
    }

    @Override
    public Set<EventType> consumes() {
        return Set.of(EventType.PAGE_VIEWED);
    }

    @Override
    public List<CloudEvent> handle(CloudEvent pageViewed) {
        CloudEvent enriched = enricher.enrich(pageViewed);
        metrics.enriched(enriched);
        return List.of(enriched);
    }
}
