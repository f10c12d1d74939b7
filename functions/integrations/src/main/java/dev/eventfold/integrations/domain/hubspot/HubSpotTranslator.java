package dev.eventfold.integrations.domain.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventfold.integrations.domain.ApiRequest;
import dev.eventfold.integrations.domain.ApiResponse;
import dev.eventfold.integrations.domain.Bodies;
import dev.eventfold.integrations.domain.ContactChanged;
import dev.eventfold.integrations.domain.DestinationSpec;
import dev.eventfold.integrations.domain.Fields;
import dev.eventfold.integrations.domain.IntegrationEvent;
import dev.eventfold.integrations.domain.Item;
import dev.eventfold.integrations.domain.ItemOutcome;
import dev.eventfold.integrations.domain.Packer;
import dev.eventfold.integrations.domain.PageVisited;
import dev.eventfold.integrations.domain.StatusPolicy;
import dev.eventfold.integrations.domain.Tool;
import dev.eventfold.integrations.domain.Translation;
import dev.eventfold.integrations.domain.Translator;
import dev.eventfold.model.Violation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * HubSpot (see this package's README for the pages followed): a user's state becomes an input of the contacts
 * batch upsert keyed by email ({@code idProperty: email}); a page view of a known recipient becomes a custom
 * behavioral event occurrence (batch send), which HubSpot shows on the contact's timeline.
 */
public final class HubSpotTranslator implements Translator {

    public static final String CONTACTS = "contacts";
    public static final String EVENTS = "events";
    public static final String UPSERT_PATH = "/crm/v3/objects/contacts/batch/upsert";
    public static final String EVENTS_PATH = "/events/v3/send/batch";
    /** HubSpot's CRM batch endpoints take at most 100 inputs. */
    public static final int MAX_UPSERT_INPUTS = 100;
    /** The events batch endpoint takes at most 500 occurrences. */
    public static final int MAX_EVENT_INPUTS = 500;
    /** Our own ceiling on a request body (HubSpot documents none for these endpoints). */
    public static final int MAX_BODY_BYTES = 1_000_000;
    /** Setting: the fully qualified name of the page-view custom event ({@code pe<HubID>_<name>}). */
    public static final String PAGE_VIEW_EVENT = "pageViewEventName";

    static final Map<String, String> CONTACT_DEFAULTS = Map.of("firstName", "firstname", "lastName", "lastname");
    static final Map<String, String> PAGE_VIEW_DEFAULTS = Map.of("pageId", "hs_page_id", "referrer", "hs_referrer",
            "userAgent", "hs_user_agent", "country", "hs_country", "region", "hs_region", "city", "hs_city");

    @Override
    public Tool tool() {
        return Tool.HUBSPOT;
    }

    @Override
    public List<Violation> validate(DestinationSpec spec) {
        List<Violation> problems = new ArrayList<>();
        spec.settings().keySet().stream().filter(k -> !k.equals(PAGE_VIEW_EVENT))
                .forEach(k -> problems.add(new Violation("settings." + k, "is not a HubSpot setting (known: " + PAGE_VIEW_EVENT + ")")));
        String name = spec.settings().get(PAGE_VIEW_EVENT);
        if (name != null && !name.matches("pe[0-9]+_[a-z0-9_]+")) {
            problems.add(new Violation("settings." + PAGE_VIEW_EVENT, "must be a fully qualified event name, pe<HubID>_<name>"));
        }
        if ("".equals(spec.mappings().get("email"))) {
            problems.add(new Violation("mappings.email", "cannot be dropped: contacts are upserted by email"));
        }
        return problems;
    }

    @Override
    public Optional<Translation> translate(IntegrationEvent event, DestinationSpec spec) {
        if (event instanceof ContactChanged contact) {
            String email = contact.user().email();
            if (email == null || email.isBlank()) {
                return Optional.empty();
            }
            Map<String, Object> ours = Fields.of(contact.user());
            ours.remove("email"); // the id of the upsert, not one of the properties it writes
            ObjectNode input = Bodies.object();
            input.put("idProperty", "email");
            input.put("id", email);
            input.set("properties", Bodies.properties(Fields.mapped(ours, CONTACT_DEFAULTS, spec.mappings())));
            return Optional.of(new Translation(CONTACTS, email.toLowerCase(), input));
        }
        PageVisited visit = (PageVisited) event;
        String eventName = spec.settings().get(PAGE_VIEW_EVENT);
        if (visit.recipient() == null || eventName == null) {
            return Optional.empty();
        }
        ObjectNode occurrence = Bodies.object();
        occurrence.put("eventName", eventName);
        occurrence.put("email", visit.recipient().email());
        occurrence.put("occurredAt", visit.time().toString());
        occurrence.put("uuid", visit.eventId()); // the derived id: the same on every retry and replay
        occurrence.set("properties", Bodies.properties(Fields.mapped(Fields.of(visit), PAGE_VIEW_DEFAULTS, spec.mappings())));
        return Optional.of(new Translation(EVENTS, visit.eventId(), occurrence));
    }

    @Override
    public Plan plan(List<Item> items, DestinationSpec spec) {
        List<ApiRequest> requests = new ArrayList<>();
        Map<String, ItemOutcome> refused = new LinkedHashMap<>();
        Translator.byLane(items).forEach((lane, laneItems) -> {
            boolean contacts = lane.equals(CONTACTS);
            int overhead = Bodies.size(body(List.of()));
            Packer.Packed packed = Packer.pack(laneItems, i -> Bodies.size(i.translation().element()),
                    contacts ? MAX_UPSERT_INPUTS : MAX_EVENT_INPUTS, MAX_BODY_BYTES, MAX_BODY_BYTES, overhead);
            packed.tooLarge().forEach(i -> refused.put(i.key(), new ItemOutcome.Abort("larger than a request may be")));
            for (Packer.Chunk chunk : packed.chunks()) {
                List<JsonNode> inputs = chunk.items().stream().map(i -> (JsonNode) i.translation().element()).toList();
                requests.add(new ApiRequest("POST", contacts ? UPSERT_PATH : EVENTS_PATH,
                        Map.of("Content-Type", "application/json"), Bodies.bytes(body(inputs)),
                        chunk.items().stream().map(Item::key).toList(),
                        chunk.items().stream().map(i -> i.translation().identity()).toList(), chunk.superseded()));
            }
        });
        return new Plan(requests, refused);
    }

    private static ObjectNode body(List<JsonNode> inputs) {
        ObjectNode body = Bodies.object();
        ArrayNode array = body.putArray("inputs");
        inputs.forEach(array::add);
        return body;
    }

    /**
     * 200/201/204: all delivered. 207 (multi-status): the errors name the inputs they concern in
     * {@code context.ids}; those abort (or retry, for rate-limit errors), the rest are delivered, and when an
     * error names no input the unnamed ones are retried (an upsert, and an event with its uuid, are safe to
     * repeat). 400 names the failing inputs the same way when it can; the others are retried.
     */
    @Override
    public Map<String, ItemOutcome> outcomes(ApiRequest request, ApiResponse response) {
        int status = response.status();
        if (status == 403) {
            return Translator.all(request, new ItemOutcome.PauseDestination(
                    "permission refused (HTTP 403, a missing scope?): " + StatusPolicy.snippet(response.body())));
        }
        boolean multiStatus = status == 207 || status == 400 && request.items().size() > 1;
        if (!multiStatus) {
            ItemOutcome whole = StatusPolicy.whole(response);
            return Translator.all(request, whole == null ? ItemOutcome.DELIVERED : whole);
        }
        JsonNode json = Bodies.read(response.body());
        List<JsonNode> errors = new ArrayList<>();
        if (json.path("errors").isArray()) {
            json.path("errors").forEach(errors::add);
        } else if (status == 400 && json.isObject()) {
            errors.add(json); // a 400 is one error object
        }
        Map<String, ItemOutcome> named = new HashMap<>();
        boolean unattributed = false;
        for (JsonNode error : errors) {
            Set<String> ids = new HashSet<>();
            error.path("context").path("ids").forEach(id -> ids.add(id.asText().toLowerCase()));
            String reason = error.path("category").asText("ERROR") + ": " + error.path("message").asText("");
            ItemOutcome outcome = error.path("category").asText().equals("RATE_LIMITS")
                    ? new ItemOutcome.Retry(StatusPolicy.retryAfter(response), reason)
                    : new ItemOutcome.Abort(reason);
            boolean any = false;
            for (int i = 0; i < request.items().size(); i++) {
                if (ids.contains(request.identities().get(i).toLowerCase())) {
                    named.put(request.items().get(i), outcome);
                    any = true;
                }
            }
            unattributed |= !any;
        }
        Map<String, ItemOutcome> outcomes = new LinkedHashMap<>();
        ItemOutcome rest = status == 207 && !unattributed ? ItemOutcome.DELIVERED
                : new ItemOutcome.Retry(null, "HTTP " + status + " without naming this input: " + StatusPolicy.snippet(response.body()));
        if (status == 400 && named.isEmpty()) {
            rest = new ItemOutcome.Abort("HTTP 400: " + StatusPolicy.snippet(response.body()));
        }
        for (String key : request.items()) {
            Translator.put(outcomes, request, key, named.getOrDefault(key, rest));
        }
        return outcomes;
    }

    @Override
    public Map<String, String> authentication(String credential) {
        return Map.of("Authorization", "Bearer " + credential);
    }

    @Override
    public Optional<String> defaultBaseUrl() {
        return Optional.of("https://api.hubapi.com");
    }
}
