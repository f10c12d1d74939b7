package dev.eventfold.integrations.domain.salesforce;

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

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Salesforce (see this package's README for the pages followed): a user's state becomes a Lead or Contact record
 * of an sObject Collections upsert on an external id field holding the email; a page view of a known recipient
 * becomes a completed Task upserted on an external id field holding our event id (a retry or replay never makes
 * a second Task), linked to the person through the same external id ({@code Who}).
 */
public final class SalesforceTranslator implements Translator {

    /** sObject Collections take at most 200 records per request. */
    public static final int MAX_RECORDS = 200;
    /** Our own ceiling on a request body. */
    public static final int MAX_BODY_BYTES = 1_000_000;

    public static final String OBJECT = "object";
    public static final String EXTERNAL_ID_FIELD = "externalIdField";
    public static final String TASK_EXTERNAL_ID_FIELD = "taskExternalIdField";
    public static final String API_VERSION = "apiVersion";
    public static final String LEAD_COMPANY = "leadCompany";
    static final Set<String> SETTINGS = Set.of(OBJECT, EXTERNAL_ID_FIELD, TASK_EXTERNAL_ID_FIELD, API_VERSION, LEAD_COMPANY);

    static final String TASKS = "Task";
    /** Per-record errors worth another try: the record was locked, or the org hit a limit. */
    static final Set<String> TRANSIENT = Set.of("UNABLE_TO_LOCK_ROW", "REQUEST_LIMIT_EXCEEDED", "SERVER_UNAVAILABLE");

    static final Map<String, String> CONTACT_DEFAULTS = Map.of("email", "Email", "firstName", "FirstName", "lastName", "LastName");

    @Override
    public Tool tool() {
        return Tool.SALESFORCE;
    }

    @Override
    public List<Violation> validate(DestinationSpec spec) {
        List<Violation> problems = new ArrayList<>();
        spec.settings().keySet().stream().filter(k -> !SETTINGS.contains(k))
                .forEach(k -> problems.add(new Violation("settings." + k, "is not a Salesforce setting (known: " + String.join(", ", new java.util.TreeSet<>(SETTINGS)) + ")")));
        String object = object(spec);
        if (!object.equals("Lead") && !object.equals("Contact")) {
            problems.add(new Violation("settings." + OBJECT, "must be Lead or Contact"));
        }
        for (String key : List.of(EXTERNAL_ID_FIELD, TASK_EXTERNAL_ID_FIELD)) {
            String field = spec.settings().get(key);
            if (field != null && !field.matches("[A-Za-z][A-Za-z0-9_]{0,39}")) {
                problems.add(new Violation("settings." + key, "must be a field API name (letters, digits, _)"));
            }
        }
        String version = spec.settings().get(API_VERSION);
        if (version != null && !version.matches("[0-9]{2,3}\\.0")) {
            problems.add(new Violation("settings." + API_VERSION, "must be like 62.0 (46.0 or later)"));
        } else if (version != null && Double.parseDouble(version) < 46) {
            problems.add(new Violation("settings." + API_VERSION, "sObject Collections upsert needs 46.0 or later"));
        }
        return problems;
    }

    static String object(DestinationSpec spec) {
        return spec.setting(OBJECT, "Contact");
    }

    static String externalIdField(DestinationSpec spec) {
        return spec.setting(EXTERNAL_ID_FIELD, "Eventfold_Email__c");
    }

    static String taskExternalIdField(DestinationSpec spec) {
        return spec.setting(TASK_EXTERNAL_ID_FIELD, "Eventfold_Event_Id__c");
    }

    static String apiVersion(DestinationSpec spec) {
        return spec.setting(API_VERSION, "62.0");
    }

    @Override
    public Optional<Translation> translate(IntegrationEvent event, DestinationSpec spec) {
        String object = object(spec);
        String externalId = externalIdField(spec);
        if (event instanceof ContactChanged contact) {
            String email = contact.user().email();
            if (email == null || email.isBlank()) {
                return Optional.empty();
            }
            Map<String, Object> ours = Fields.of(contact.user());
            if (!ours.containsKey("lastName")) {
                ours.put("lastName", email); // both objects require LastName
            }
            ObjectNode record = record(object);
            record.put(externalId, email.toLowerCase());
            record.setAll(Bodies.properties(Fields.mapped(ours, CONTACT_DEFAULTS, spec.mappings())));
            if (object.equals("Lead") && !record.has("Company")) {
                record.put("Company", spec.setting(LEAD_COMPANY, "[not provided]")); // a Lead requires Company
            }
            return Optional.of(new Translation(object, email.toLowerCase(), record));
        }
        PageVisited visit = (PageVisited) event;
        if (visit.recipient() == null) {
            return Optional.empty();
        }
        Map<String, Object> view = Fields.of(visit);
        ObjectNode task = record(TASKS);
        task.put(taskExternalIdField(spec), visit.eventId());
        task.put("Subject", "Viewed page " + visit.pageId());
        task.put("Status", "Completed");
        task.put("ActivityDate", visit.time().atOffset(ZoneOffset.UTC).toLocalDate().toString());
        StringBuilder description = new StringBuilder("Viewed at ").append(visit.time());
        view.forEach((field, value) -> {
            if (!field.equals("viewedAt")) {
                description.append('\n').append(field).append(": ").append(value);
            }
        });
        task.put("Description", description.toString());
        ObjectNode who = record(object);
        who.put(externalId, visit.recipient().email().toLowerCase());
        task.set("Who", who);
        return Optional.of(new Translation(TASKS, visit.eventId(), task));
    }

    private static ObjectNode record(String type) {
        ObjectNode record = Bodies.object();
        record.putObject("attributes").put("type", type);
        return record;
    }

    @Override
    public Plan plan(List<Item> items, DestinationSpec spec) {
        List<ApiRequest> requests = new ArrayList<>();
        Map<String, ItemOutcome> refused = new LinkedHashMap<>();
        String base = "/services/data/v" + apiVersion(spec) + "/composite/sobjects/";
        int overhead = Bodies.size(body(List.of()));
        Translator.byLane(items).forEach((lane, laneItems) -> {
            String path = base + lane + "/" + (lane.equals(TASKS) ? taskExternalIdField(spec) : externalIdField(spec));
            Packer.Packed packed = Packer.pack(laneItems, i -> Bodies.size(i.translation().element()), MAX_RECORDS,
                    MAX_BODY_BYTES, MAX_BODY_BYTES, overhead);
            packed.tooLarge().forEach(i -> refused.put(i.key(), new ItemOutcome.Abort("larger than a request may be")));
            for (Packer.Chunk chunk : packed.chunks()) {
                requests.add(new ApiRequest("PATCH", path, Map.of("Content-Type", "application/json"),
                        Bodies.bytes(body(chunk.items().stream().map(i -> (JsonNode) i.translation().element()).toList())),
                        chunk.items().stream().map(Item::key).toList(),
                        chunk.items().stream().map(i -> i.translation().identity()).toList(), chunk.superseded()));
            }
        });
        return new Plan(requests, refused);
    }

    private static ObjectNode body(List<JsonNode> records) {
        ObjectNode body = Bodies.object();
        body.put("allOrNone", false); // each record succeeds or fails on its own
        ArrayNode array = body.putArray("records");
        records.forEach(array::add);
        return body;
    }

    /**
     * 200: one UpsertResult per record, in request order: {@code success} delivers; errors abort, except the
     * transient codes (locked row, limits), which retry. 401: the session is invalid or expired (pause). 403 with
     * {@code REQUEST_LIMIT_EXCEEDED}: the org's API limit (retry); other 403: pause. Others: {@link StatusPolicy}.
     */
    @Override
    public Map<String, ItemOutcome> outcomes(ApiRequest request, ApiResponse response) {
        int status = response.status();
        if (status == 403) {
            ItemOutcome outcome = response.body().contains("REQUEST_LIMIT_EXCEEDED")
                    ? new ItemOutcome.Retry(StatusPolicy.retryAfter(response), "API request limit: " + StatusPolicy.snippet(response.body()))
                    : new ItemOutcome.PauseDestination("permission refused (HTTP 403): " + StatusPolicy.snippet(response.body()));
            return Translator.all(request, outcome);
        }
        ItemOutcome whole = StatusPolicy.whole(response);
        if (whole != null) {
            return Translator.all(request, whole);
        }
        JsonNode results = Bodies.read(response.body());
        if (!results.isArray() || results.size() != request.items().size()) {
            return Translator.all(request, new ItemOutcome.Retry(null,
                    "HTTP " + status + " without one result per record: " + StatusPolicy.snippet(response.body())));
        }
        Map<String, ItemOutcome> outcomes = new LinkedHashMap<>();
        for (int i = 0; i < request.items().size(); i++) {
            JsonNode result = results.get(i);
            ItemOutcome outcome;
            if (result.path("success").asBoolean(false)) {
                outcome = ItemOutcome.DELIVERED;
            } else {
                JsonNode error = result.path("errors").path(0);
                String code = error.path("statusCode").asText("UNKNOWN");
                String reason = code + ": " + error.path("message").asText("")
                        + (error.path("fields").isEmpty() ? "" : " " + error.path("fields"));
                outcome = TRANSIENT.contains(code) ? new ItemOutcome.Retry(null, reason) : new ItemOutcome.Abort(reason);
            }
            Translator.put(outcomes, request, request.items().get(i), outcome);
        }
        return outcomes;
    }

    @Override
    public Map<String, String> authentication(String credential) {
        return Map.of("Authorization", "Bearer " + credential);
    }

    @Override
    public Optional<String> defaultBaseUrl() {
        return Optional.empty();
    }
}
