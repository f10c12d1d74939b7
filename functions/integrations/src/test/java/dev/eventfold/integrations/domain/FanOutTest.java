package dev.eventfold.integrations.domain;

import dev.eventfold.model.EventType;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.eventfold.integrations.domain.Samples.contact;
import static dev.eventfold.integrations.domain.Samples.visit;
import static org.assertj.core.api.Assertions.assertThat;

class FanOutTest {

    static final UUID HUBSPOT_ORG1 = UUID.randomUUID();
    static final UUID SEGMENT_ORG1 = UUID.randomUUID();
    static final UUID SEGMENT_ORG2 = UUID.randomUUID();

    static FanOut.Route route(UUID id, String org, Tool tool, EventFilter filter, Map<String, String> settings) {
        return new FanOut.Route(id, org, tool, new DestinationSpec(Map.of(), settings), filter);
    }

    @Test
    void anEventReachesOnlyItsOwnOrganizationsDestinations() {
        List<FanOut.Route> routes = List.of(
                route(SEGMENT_ORG1, "org-1", Tool.SEGMENT, new EventFilter(EnumSet.noneOf(EventType.class)), Map.of()),
                route(SEGMENT_ORG2, "org-2", Tool.SEGMENT, new EventFilter(EnumSet.noneOf(EventType.class)), Map.of()));

        List<FanOut.Delivery> deliveries = FanOut.route(List.of(contact("u1", "a@example.com", "A")), routes);

        assertThat(deliveries).extracting(FanOut.Delivery::destinationId).containsExactly(SEGMENT_ORG1);
    }

    @Test
    void theFilterAndTheToolDecideWhatIsQueued() {
        List<FanOut.Route> routes = List.of(
                route(HUBSPOT_ORG1, "org-1", Tool.HUBSPOT, new EventFilter(EnumSet.noneOf(EventType.class)),
                        Map.of("pageViewEventName", "pe1_page_viewed")),
                route(SEGMENT_ORG1, "org-1", Tool.SEGMENT, new EventFilter(EnumSet.of(EventType.PAGE_VIEW_ENRICHED)), Map.of()));

        List<FanOut.Delivery> deliveries = FanOut.route(List.of(
                contact("u1", "a@example.com", "A"),          // HubSpot only: Segment's filter takes page views
                contact("u2", null, "No Email"),              // nobody: HubSpot keys on email, Segment filters it out
                visit("e-1", "p-1", "a@example.com"),         // both
                visit("e-2", "p-2", null)), routes);          // Segment only: HubSpot has nobody to attach it to

        assertThat(deliveries).extracting(d -> d.event().eventId() + "->" + (d.destinationId() == HUBSPOT_ORG1 ? "hubspot" : "segment"))
                .containsExactly("evt-u1->hubspot", "e-1->hubspot", "e-1->segment", "e-2->segment");
    }
}
