package dev.eventfold.integrations.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One event as one element of a tool's batch request: the {@code lane} names the request it goes into
 * (HubSpot contacts and events are two endpoints), {@code identity} is the record it writes (an email, an external
 * id: two elements with the same identity never share a request, the later one wins), {@code element} the JSON.
 */
public record Translation(String lane, String identity, ObjectNode element) {
}
