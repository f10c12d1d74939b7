package dev.eventfold.integrations.function;

import dev.eventfold.integrations.store.PageRecipients;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.model.payload.PageCreated;
import dev.eventfold.runtime.processing.EventHandler;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The handler of both triggers: a page's recipient is remembered from {@code page.created}; each new user state
 * and page view becomes one queued message per destination of its organization that takes it, written in the
 * transaction that records the event as processed (exactly once). Emits nothing: what leaves is HTTP, through
 * function-delivery's worker and this function's transports.
 */
@ApplicationScoped
public class IntegrationsHandler implements EventHandler {

    public static final String FUNCTION_NAME = "integrations";
    public static final Set<EventType> CONSUMES = Set.of(EventType.USER_STATE_UPDATED, EventType.PAGE_VIEW_ENRICHED,
            EventType.PAGE_CREATED);

    @Inject
    PageRecipients recipients;
    @Inject
    Intake intake;

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

    /** A batch in at most four statements: recipients saved, recipients read, destinations read, messages queued. */
    @Override
    public Uni<List<CloudEvent>> applyBatch(List<CloudEvent> events, SqlConnection tx) {
        List<PageRecipients.Page> pages = new ArrayList<>();
        for (CloudEvent event : events) {
            if (event.eventType() == EventType.PAGE_CREATED) {
                PageCreated page = event.payload(PageCreated.class);
                pages.add(new PageRecipients.Page(event.orgId(), event.subject(), page.recipientEmail(), page.recipientName()));
            }
        }
        List<CloudEvent> outgoing = events.stream().filter(e -> e.eventType() != EventType.PAGE_CREATED).toList();
        return recipients.save(tx, pages)
                .chain(() -> intake.enqueue(tx, outgoing, null))
                .replaceWith(List.of());
    }
}
