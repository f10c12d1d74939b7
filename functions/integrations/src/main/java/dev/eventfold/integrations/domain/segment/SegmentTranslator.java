package dev.eventfold.integrations.domain.segment;

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

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Segment spec (see this package's README for the pages followed), which Segment and the tools that speak
 * its HTTP API (RudderStack among them) accept: a user's state becomes an {@code identify} call with traits, a
 * page view a {@code page} call (or, with {@code pageViewsAs: track}, a {@code track} call "Page Viewed"), all
 * sent to the batch endpoint with the source's write key. {@code messageId} is our derived event id, by which the
 * receiver deduplicates retries and replays.
 */
public final class SegmentTranslator implements Translator {

    public static final String LANE = "batch";
    public static final String PATH = "/v1/batch";
    /** The batch endpoint takes at most 500 KB per request and 32 KB per message. */
    public static final int MAX_BODY_BYTES = 500 * 1024;
    public static final int MAX_MESSAGE_BYTES = 32 * 1024;
    /** Our own ceiling on the number of messages per request. */
    public static final int MAX_MESSAGES = 500;
    public static final String PAGE_VIEWS_AS = "pageViewsAs";

    static final Map<String, String> TRAIT_DEFAULTS = Map.of("email", "email", "name", "name", "firstName", "firstName",
            "lastName", "lastName", "createdAt", "createdAt", "roles", "roles", "loginCount", "loginCount");
    static final Map<String, String> PAGE_DEFAULTS = Map.of("pageId", "pageId", "referrer", "referrer",
            "country", "country", "region", "region", "city", "city", "countryCode", "countryCode");

    @Override
    public Tool tool() {
        return Tool.SEGMENT;
    }

    @Override
    public List<Violation> validate(DestinationSpec spec) {
        List<Violation> problems = new ArrayList<>();
        spec.settings().keySet().stream().filter(k -> !k.equals(PAGE_VIEWS_AS))
                .forEach(k -> problems.add(new Violation("settings." + k, "is not a Segment setting (known: " + PAGE_VIEWS_AS + ")")));
        String as = spec.setting(PAGE_VIEWS_AS, "page");
        if (!as.equals("page") && !as.equals("track")) {
            problems.add(new Violation("settings." + PAGE_VIEWS_AS, "must be page or track"));
        }
        return problems;
    }

    @Override
    public Optional<Translation> translate(IntegrationEvent event, DestinationSpec spec) {
        ObjectNode message = Bodies.object();
        if (event instanceof ContactChanged contact) {
            message.put("type", "identify");
            message.put("userId", contact.user().id());
            message.set("traits", Bodies.properties(Fields.mapped(Fields.of(contact.user()), TRAIT_DEFAULTS, spec.mappings())));
        } else {
            PageVisited visit = (PageVisited) event;
            boolean track = spec.setting(PAGE_VIEWS_AS, "page").equals("track");
            message.put("type", track ? "track" : "page");
            String visitor = visit.view().visitorId();
            message.put("anonymousId", visitor != null ? visitor : "page:" + visit.pageId());
            if (track) {
                message.put("event", "Page Viewed");
            } else {
                message.put("name", visit.pageId());
            }
            message.set("properties", Bodies.properties(Fields.mapped(Fields.of(visit), PAGE_DEFAULTS, spec.mappings())));
            ObjectNode context = message.putObject("context");
            if (visit.view().userAgent() != null) {
                context.put("userAgent", visit.view().userAgent());
            }
            context.put("ip", visit.view().ip());
            if (visit.recipient() != null) {
                context.putObject("traits").put("email", visit.recipient().email());
            }
        }
        message.put("messageId", event.eventId());
        message.put("timestamp", event.time().toString());
        return Optional.of(new Translation(LANE, event.eventId(), message));
    }

    @Override
    public Plan plan(List<Item> items, DestinationSpec spec) {
        List<ApiRequest> requests = new ArrayList<>();
        Map<String, ItemOutcome> refused = new LinkedHashMap<>();
        Packer.Packed packed = Packer.pack(items, i -> Bodies.size(i.translation().element()), MAX_MESSAGES,
                MAX_BODY_BYTES, MAX_MESSAGE_BYTES, Bodies.size(body(List.of())));
        packed.tooLarge().forEach(i -> refused.put(i.key(), new ItemOutcome.Abort("larger than the 32 KB a message may be")));
        for (Packer.Chunk chunk : packed.chunks()) {
            requests.add(new ApiRequest("POST", PATH, Map.of("Content-Type", "application/json"),
                    Bodies.bytes(body(chunk.items().stream().map(i -> (JsonNode) i.translation().element()).toList())),
                    chunk.items().stream().map(Item::key).toList(),
                    chunk.items().stream().map(i -> i.translation().identity()).toList(), chunk.superseded()));
        }
        return new Plan(requests, refused);
    }

    private static ObjectNode body(List<JsonNode> messages) {
        ObjectNode body = Bodies.object();
        ArrayNode batch = body.putArray("batch");
        messages.forEach(batch::add);
        return body;
    }

    /** Segment answers for the whole batch (200, or 400 for a body it cannot take): no per-message status. */
    @Override
    public Map<String, ItemOutcome> outcomes(ApiRequest request, ApiResponse response) {
        ItemOutcome whole = StatusPolicy.whole(response);
        return Translator.all(request, whole == null ? ItemOutcome.DELIVERED : whole);
    }

    /** HTTP Basic with the write key as user name and an empty password. */
    @Override
    public Map<String, String> authentication(String credential) {
        return Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString((credential + ":").getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public Optional<String> defaultBaseUrl() {
        return Optional.of("https://api.segment.io");
    }
}
