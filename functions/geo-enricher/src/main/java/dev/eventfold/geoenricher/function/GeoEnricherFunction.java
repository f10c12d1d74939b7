package dev.eventfold.geoenricher.function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventfold.geoenricher.domain.GeoEnricher;
import dev.eventfold.model.EventCodec;
import dev.eventfold.model.Json;
import dev.eventfold.model.ValidationException;
import dev.eventfold.model.payload.PageViewEnriched;
import io.quarkus.funqy.Funq;
import io.quarkus.funqy.knative.events.CloudEvent;
import io.quarkus.funqy.knative.events.CloudEventMapping;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;

import java.time.DateTimeException;
import java.util.Map;

/**
 * The Knative trigger: one page-viewed CloudEvent per HTTP request (from a KafkaSource), enriched by the
 * {@link GeoEnricher} core and emitted to Kafka. Answers 200 with the enriched event once the broker acknowledged
 * it, 400 (problem+json, via {@link ValidationProblemHandler}) for an event that can never apply, 500 when Kafka
 * failed, so that the KafkaSource retries. Emitting again is harmless: the enriched event's id is deterministic.
 */
public class GeoEnricherFunction {

    /** {@code EventType.PAGE_VIEWED.type()} (annotation values must be constants; a test checks they agree). */
    static final String TRIGGER = "dev.eventfold.page.viewed";
    /** {@code EventType.PAGE_VIEW_ENRICHED.type()}. */
    static final String RESPONSE_TYPE = "dev.eventfold.page.viewed.enriched";

    private static final EventCodec CODEC = EventCodec.internal();

    @Inject
    GeoEnricher enricher;

    @Inject
    EventEmitter emitter;

    @Inject
    EnrichmentMetrics metrics;

    @Funq
    @CloudEventMapping(trigger = TRIGGER, responseType = RESPONSE_TYPE, responseSource = GeoEnricher.SOURCE)
    public Uni<PageViewEnriched> enrich(CloudEvent<JsonNode> event) {
        return Uni.createFrom().item(() -> enricher.enrich(CODEC.decode(structured(event))))
                .flatMap(enriched -> emitter.emit(enriched)
                        .invoke(() -> metrics.enriched(enriched))
                        .replaceWith(enriched.payload(PageViewEnriched.class)));
    }

    /** The structured form of the HTTP CloudEvent, validated by the contract's codec like every other way in. */
    static ObjectNode structured(CloudEvent<JsonNode> event) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("specversion", event.specVersion());
        node.put("id", event.id());
        node.put("source", event.source());
        node.put("type", event.type());
        node.put("subject", event.subject());
        try {
            if (event.time() != null) {
                node.put("time", event.time().toString());
            }
        } catch (DateTimeException e) {
            throw new ValidationException("time", "is not an RFC 3339 timestamp");
        }
        node.put("datacontenttype", event.dataContentType());
        Map<String, String> extensions = event.extensions();
        if (extensions != null) {
            node.put("orgid", extensions.get("orgid"));
            node.put("actorid", extensions.get("actorid"));
        }
        node.set("data", event.data());
        return node;
    }
}
