package dev.eventfold.integrations.domain;

import dev.eventfold.model.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * What an HTTP status says about a whole request, the same for every tool: 2xx is for the tool to read;
 * 401 means the credentials are refused (the destination pauses); 408, 429 and 5xx, and no answer at all, are
 * retried (after {@code Retry-After} when given); any other 4xx aborts.
 */
public final class StatusPolicy {

    private StatusPolicy() {
    }

    /** The outcome for every item of the request, or null for a 2xx (the tool reads per-item results itself). */
    public static @Nullable ItemOutcome whole(ApiResponse response) {
        int status = response.status();
        if (status >= 200 && status < 300) {
            return null;
        }
        if (status == 0) {
            return new ItemOutcome.Retry(null, "no answer: " + response.error());
        }
        String said = " " + snippet(response.body());
        if (status == 401) {
            return new ItemOutcome.PauseDestination("credentials refused (HTTP 401):" + said);
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new ItemOutcome.Retry(retryAfter(response), "HTTP " + status + ":" + said);
        }
        return new ItemOutcome.Abort("HTTP " + status + ":" + said);
    }

    /** {@code Retry-After} as delay-seconds or an HTTP-date (RFC 9110 §10.2.3); null when absent or unreadable. */
    public static @Nullable Duration retryAfter(ApiResponse response) {
        String value = response.header("retry-after");
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return Duration.ofSeconds(Long.parseLong(v));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(response.receivedAt(), at);
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The first 300 characters of an answer, for a reason a person reads. */
    public static String snippet(String body) {
        String flat = body == null ? "" : body.replaceAll("\\s+", " ").trim();
        return flat.length() <= 300 ? flat : flat.substring(0, 300) + "…";
    }
}
