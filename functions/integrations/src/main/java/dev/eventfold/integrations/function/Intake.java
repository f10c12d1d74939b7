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
import dev.eventfold.model.payload.PageViewEnriched;
import dev.eventfold.model.payload.UserState;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * User states and page views into function-delivery's queue, the one way for live intake and replays: each event
 * bound to its payload (a page view to its page's recipient), routed by {@link FanOut} to its organization's
 * destinations, one message each, in the caller's transaction.
 */
@ApplicationScoped
public class Intake {

    @Inject
    PageRecipients recipients;
    @Inject
    DestinationTargets destinations;
    @Inject
    DeliveryStore delivery;
    @Inject
    Clock clock;

    /**
     * Queues the events for the destinations of their organizations that take them ({@code only}: for that one
     * destination, the replay's way); returns how many messages were written (duplicates are skipped).
     */
    public Uni<Integer> enqueue(SqlClient tx, List<CloudEvent> events, UUID only) {
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
                Map<String, CloudEvent> byId = new HashMap<>();
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
