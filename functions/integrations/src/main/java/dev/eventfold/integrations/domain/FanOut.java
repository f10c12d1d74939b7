package dev.eventfold.integrations.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Which destination gets which event: only destinations of the event's own organization, whose filter takes the
 * event's type, and whose tool has something to send for it (a HubSpot contact needs an email). Pure.
 */
public final class FanOut {

    /** A destination as fan-out sees it. */
    public record Route(UUID destinationId, String orgId, Tool tool, DestinationSpec spec, EventFilter filter) {
    }

    public record Delivery(UUID destinationId, IntegrationEvent event) {
    }

    private FanOut() {
    }

    public static List<Delivery> route(List<IntegrationEvent> events, List<Route> routes) {
        Map<String, List<Route>> byOrg = routes.stream().collect(Collectors.groupingBy(Route::orgId));
        List<Delivery> deliveries = new ArrayList<>();
        for (IntegrationEvent event : events) {
            for (Route route : byOrg.getOrDefault(event.orgId(), List.of())) {
                if (route.filter().matches(event)
                        && Translators.of(route.tool()).translate(event, route.spec()).isPresent()) {
                    deliveries.add(new Delivery(route.destinationId(), event));
                }
            }
        }
        return deliveries;
    }
}
