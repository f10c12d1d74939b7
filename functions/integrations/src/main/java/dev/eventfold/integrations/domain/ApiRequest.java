package dev.eventfold.integrations.domain;

import java.util.List;
import java.util.Map;

/**
 * One HTTP request to a tool, relative to the destination's base URL: {@code items} are the keys of the elements
 * it carries, in body order; {@code superseded} maps a carried key to the older items of the same record that it
 * replaces (they share its outcome).
 */
public record ApiRequest(String method, String path, Map<String, String> headers, byte[] body, List<String> items,
                         List<String> identities, Map<String, List<String>> superseded) {

    public ApiRequest {
        headers = Map.copyOf(headers);
        items = List.copyOf(items);
        identities = List.copyOf(identities);
        superseded = Map.copyOf(superseded);
    }

    public String bodyText() {
        return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }
}
