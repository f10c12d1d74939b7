package dev.eventfold.integrations.domain;

import dev.eventfold.model.Violation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One tool's view of the world, as pure functions: our event → one element of the tool's batch request (or
 * nothing, when the tool cannot use it), elements → requests within the tool's documented limits, and the tool's
 * answer → one outcome per element. No I/O: the transport sends what {@link #requests} plans.
 */
public interface Translator {

    Tool tool();

    /** The destination's settings and mappings as this tool needs them; every problem with its field. */
    List<Violation> validate(DestinationSpec spec);

    /** The element for this event, or empty when the tool has nothing to do with it (e.g. no email to key on). */
    Optional<Translation> translate(IntegrationEvent event, DestinationSpec spec);

    /** The requests that carry these items (of any lanes), and the items refused outright (too large). */
    Plan plan(List<Item> items, DestinationSpec spec);

    /** One outcome per carried item of the request (superseded ones included), from the tool's answer. */
    Map<String, ItemOutcome> outcomes(ApiRequest request, ApiResponse response);

    /** The headers that authenticate a request with this credential. */
    Map<String, String> authentication(String credential);

    /** The base URL when the destination names none (Salesforce has none: each org has its instance URL). */
    Optional<String> defaultBaseUrl();

    record Plan(List<ApiRequest> requests, Map<String, ItemOutcome> refused) {
    }

    /** Items grouped by lane, lanes in order of first appearance, items in their order. */
    static Map<String, List<Item>> byLane(List<Item> items) {
        Map<String, List<Item>> lanes = new LinkedHashMap<>();
        for (Item item : items) {
            lanes.computeIfAbsent(item.translation().lane(), k -> new ArrayList<>()).add(item);
        }
        return lanes;
    }

    /** Every carried key of the request (superseded ones too) with the same outcome. */
    static Map<String, ItemOutcome> all(ApiRequest request, ItemOutcome outcome) {
        Map<String, ItemOutcome> outcomes = new LinkedHashMap<>();
        for (String key : request.items()) {
            outcomes.put(key, outcome);
            request.superseded().getOrDefault(key, List.of()).forEach(old -> outcomes.put(old, outcome));
        }
        return outcomes;
    }

    /** The outcome of one carried item and of the older items it superseded. */
    static void put(Map<String, ItemOutcome> outcomes, ApiRequest request, String key, ItemOutcome outcome) {
        outcomes.put(key, outcome);
        request.superseded().getOrDefault(key, List.of()).forEach(old -> outcomes.put(old, outcome));
    }
}
