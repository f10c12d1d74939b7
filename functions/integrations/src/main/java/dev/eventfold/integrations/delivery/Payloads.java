package dev.eventfold.integrations.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventfold.integrations.domain.ContactChanged;
import dev.eventfold.integrations.domain.IntegrationEvent;
import dev.eventfold.integrations.domain.PageVisited;
import dev.eventfold.model.Json;
import dev.eventfold.model.payload.PageViewEnriched;
import dev.eventfold.model.payload.UserState;

import java.io.IOException;
import java.time.Instant;

/**
 * The queued message's payload: the translator's input as JSON, not the tool's request. Translation happens at
 * send time, so a destination's mappings and settings changed while messages wait apply to them.
 */
public final class Payloads {

    private Payloads() {
    }

    public static String encode(IntegrationEvent event) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("eventId", event.eventId());
        node.put("orgId", event.orgId());
        node.put("time", event.time().toString());
        if (event instanceof ContactChanged contact) {
            node.put("kind", "contact");
            node.set("user", Json.MAPPER.valueToTree(contact.user()));
        } else {
            PageVisited visit = (PageVisited) event;
            node.put("kind", "pageView");
            node.put("pageId", visit.pageId());
            node.set("view", Json.MAPPER.valueToTree(visit.view()));
            if (visit.recipient() != null) {
                node.set("recipient", Json.MAPPER.valueToTree(visit.recipient()));
            }
        }
        return node.toString();
    }

    public static IntegrationEvent decode(String payload) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(payload);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a queued integrations payload", e);
        }
        String eventId = node.path("eventId").asText();
        String orgId = node.path("orgId").asText();
        Instant time = Instant.parse(node.path("time").asText());
        if (node.path("kind").asText().equals("contact")) {
            return new ContactChanged(eventId, orgId, time, Json.MAPPER.convertValue(node.get("user"), UserState.class));
        }
        JsonNode recipient = node.get("recipient");
        return new PageVisited(eventId, orgId, time, node.path("pageId").asText(),
                Json.MAPPER.convertValue(node.get("view"), PageViewEnriched.class),
                recipient == null || recipient.isNull() ? null : Json.MAPPER.convertValue(recipient, PageVisited.Recipient.class));
    }
}
