package dev.eventfold.integrations.domain;

import dev.eventfold.model.Nullable;

import java.time.Instant;
import java.util.Map;

/**
 * What a tool answered: status (0 when no answer came: connection refused, timeout), headers with lower-case
 * names, the (bounded) body, when it was received (for an HTTP-date {@code Retry-After}), or the transport error.
 */
public record ApiResponse(int status, Map<String, String> headers, String body, Instant receivedAt,
                          @Nullable String error) {

    public ApiResponse {
        headers = Map.copyOf(headers);
        body = body == null ? "" : body;
    }

    public static ApiResponse failed(String error, Instant at) {
        return new ApiResponse(0, Map.of(), "", at, error);
    }

    public @Nullable String header(String name) {
        return headers.get(name.toLowerCase());
    }
}
