package dev.eventfold.integrations.function;

import dev.eventfold.delivery.NewMessage;
import dev.eventfold.delivery.store.DeliveryStore;
import dev.eventfold.integrations.delivery.Payloads;
import dev.eventfold.integrations.domain.ContactChanged;
import dev.eventfold.integrations.domain.FanOut;
import dev.eventfold.integrations.domain.IntegrationEvent;
import dev.eventfold.integrations.domain.PageVisited;
import dev.eventfold.integrations.store.DestinationTargets;
import dev.eventfold.integrations.store.PageRecipients;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.model.payload.PageCreated;
import dev.eventfold.model.payload.PageViewEnriched;
import dev.eventfold.model.payload.UserState;
import dev.eventfold.runtime.processing.EventHandler;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Intake, from either trigger: a page's recipient is remembered from {@code page.created}; each new user state
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
    DestinationTargets destinations;
    @Inject
    DeliveryStore delivery;
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
                .chain(() -> enqueue(tx, outgoing, delivery, recipients, destinations, clock, null))
                .replaceWith(List.of());
    }

    /**
     * Queues the events for the destinations of their organizations that take them ({@code only}: for that one
     * destination, the replay's way); returns how many messages were written (duplicates are skipped).
     */
    public static Uni<Integer> enqueue(SqlClient tx, List<CloudEvent> events, DeliveryStore delivery,
                                       PageRecipients recipients, DestinationTargets destinations, Clock clock,
                                       UUID only) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        List<String> orgs = new ArrayList<>();
        List<String> pageIds = new ArrayList<>();
        for (CloudEvent event : events) {
            if (event.eventType() == EventType.PAGE_VIEW_ENRICHED) {
                orgs.add(event.orgId());
                pageIds.add(event.subject());
            }
        }
        return recipients.find(tx, orgs, pageIds).chain(found -> {
            List<IntegrationEvent> inputs = events.stream().map(e -> input(e, found)).toList();
            String[] orgIds = events.stream().map(CloudEvent::orgId).distinct().toArray(String[]::new);
            return destinations.ofOrganizations(tx, orgIds).chain(targets -> {
                List<FanOut.Route> routes = targets.stream()
                        .filter(t -> only == null || t.id().equals(only))
                        .map(t -> new FanOut.Route(t.id(), t.orgId(), t.tool(), t.spec(), t.filter())).toList();
                Map<String, CloudEvent> byId = new java.util.HashMap<>();
                events.forEach(e -> byId.put(e.id(), e));
                List<NewMessage> messages = FanOut.route(inputs, routes).stream().map(d -> {
                    CloudEvent source = byId.get(d.event().eventId());
                    // a page view is nobody's subject: views never wait for each other; a user's states keep their order
                    String subject = source.eventType() == EventType.PAGE_VIEW_ENRICHED ? source.id() : source.subject();
                    return new NewMessage(d.destinationId(), source.orgId(), source.id(), source.type(), subject,
                            Payloads.encode(d.event()));
                }).toList();
                return delivery.enqueue(tx, messages, clock.instant());
            });
        });
    }

    static IntegrationEvent input(CloudEvent event, Map<String, PageVisited.Recipient> recipients) {
        if (event.eventType() == EventType.USER_STATE_UPDATED) {
            return new ContactChanged(event.id(), event.orgId(), event.time(), event.payload(UserState.class));
        }
        return new PageVisited(event.id(), event.orgId(), event.time(), event.subject(), event.payload(PageViewEnriched.class),
                recipients.get(PageRecipients.key(event.orgId(), event.subject())));
    }
}
