package dev.eventfold.webhooks.function;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.runtime.processing.EventHandler;
import dev.eventfold.webhooks.store.EndpointStore;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * Intake, from either trigger: each new derived event becomes one pending message per matching endpoint of its
 * organization, written in the transaction that records the event as processed (exactly-once effect: a
 * redelivered event adds no second message). Emits nothing: what leaves is HTTP, from the delivery worker.
 */
@ApplicationScoped
public class WebhooksHandler implements EventHandler {

    public static final String FUNCTION_NAME = "webhooks";

    /** Every derived type of the catalog: what subscribers can receive (WebhooksHandlerTest keeps it complete). */
    public static final Set<EventType> CONSUMES = Set.of(
            EventType.USER_STATE_UPDATED, EventType.PAGE_VIEW_ENRICHED, EventType.CAMPAIGN_STATS_UPDATED,
            EventType.ALERT_RAISED, EventType.ALERT_RESOLVED, EventType.ENDPOINT_DISABLED, EventType.MESSAGE_ATTEMPT_EXHAUSTED,
            EventType.ENDPOINT_TESTED);

    /**
     * The delivery notices (from this function's own deliveries and integrations'): only to endpoints whose type
     * filter names them, never to the endpoint they are about.
     */
    public static final Set<String> NOTICES = Set.of(EventType.ENDPOINT_DISABLED.type(), EventType.MESSAGE_ATTEMPT_EXHAUSTED.type(),
            EventType.ENDPOINT_TESTED.type());

    @Inject
    EndpointStore endpoints;
    @Inject
    Clock clock;

    @Override
    public String functionName() {
        return FUNCTION_NAME;
    }

    @Override
    public Set<EventType> consumes() {
        return CONSUMES;
    }

    @Override
    public Uni<List<CloudEvent>> apply(CloudEvent event, SqlConnection tx) {
        return applyBatch(List.of(event), tx);
    }

    /** A whole batch in two statements: the organizations' endpoints, then every message. */
    @Override
    public Uni<List<CloudEvent>> applyBatch(List<CloudEvent> events, SqlConnection tx) {
        return endpoints.fanOut(tx, events, clock.instant()).replaceWith(List.of());
    }
}
