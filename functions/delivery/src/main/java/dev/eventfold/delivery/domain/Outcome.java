package dev.eventfold.delivery.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * What a transport made of one message of a batch: the decision it asks for ({@link Kind}) and what the attempt
 * record keeps (response code, latency, the first bytes of the answer, an error text when there was no answer).
 * Build one with the factory methods; {@link #ofHttp} maps a plain HTTP answer the way webhook providers do.
 */
public record Outcome(Kind kind, Duration retryAfter, String reason, Integer responseCode, long latencyMillis,
                      String responseBody, String error) {

    public enum Kind {
        /** Accepted by the destination: the message succeeded. */
        DELIVERED,
        /** Try again at the next step of the retry schedule (with jitter); fails once the schedule is exhausted. */
        RETRY,
        /** Try again after {@link #retryAfter()} (bounded by {@code max-retry-after}); also counts against the schedule. */
        RETRY_AFTER,
        /** Never retry this message (the destination refused it for good, e.g. a per-item 400): it fails now. */
        ABORT,
        /**
         * The destination cannot take anything now (e.g. expired credentials, 401): it is paused with the reason,
         * this message stays pending without using up an attempt, and nothing is sent until it is resumed.
         */
        PAUSE_DESTINATION,
        /** The destination is gone (410): this message fails and the destination is disabled. */
        DISABLE_DESTINATION
    }

    public static Outcome delivered(Integer code, long latencyMillis, String body) {
        return new Outcome(Kind.DELIVERED, null, null, code, latencyMillis, body, null);
    }

    public static Outcome retry(Integer code, long latencyMillis, String body, String error) {
        return new Outcome(Kind.RETRY, null, null, code, latencyMillis, body, error);
    }

    public static Outcome retryAfter(Duration wait, Integer code, long latencyMillis, String body) {
        return new Outcome(Kind.RETRY_AFTER, wait, null, code, latencyMillis, body, null);
    }

    public static Outcome abort(String reason, Integer code, long latencyMillis, String body) {
        return new Outcome(Kind.ABORT, null, reason, code, latencyMillis, body, null);
    }

    public static Outcome pauseDestination(String reason, Integer code, long latencyMillis, String body) {
        return new Outcome(Kind.PAUSE_DESTINATION, null, reason, code, latencyMillis, body, null);
    }

    public static Outcome disableDestination(String reason, Integer code, long latencyMillis, String body) {
        return new Outcome(Kind.DISABLE_DESTINATION, null, reason, code, latencyMillis, body, null);
    }

    /** No answer at all (timeout, connection error, SSRF refusal): retried on the schedule. */
    public static Outcome error(String error, long latencyMillis) {
        return new Outcome(Kind.RETRY, null, null, null, latencyMillis, null, error);
    }

    /**
     * The usual reading of one HTTP answer: 2xx delivered; 410 disables the destination; 429 and 503 with a
     * readable {@code Retry-After} wait that long; every other status (other 4xx, 5xx, 3xx) retries on the schedule.
     */
    public static Outcome ofHttp(int status, String retryAfterHeader, String body, long latencyMillis, Instant now) {
        if (status >= 200 && status < 300) {
            return delivered(status, latencyMillis, body);
        }
        if (status == 410) {
            return disableDestination("410 Gone", status, latencyMillis, body);
        }
        if (status == 429 || status == 503) {
            Duration wait = parseRetryAfter(retryAfterHeader, now);
            if (wait != null) {
                return retryAfter(wait, status, latencyMillis, body);
            }
        }
        return retry(status, latencyMillis, body, null);
    }

    public boolean delivered() {
        return kind == Kind.DELIVERED;
    }

    /** {@code Retry-After} as delay-seconds or an HTTP date, or null when absent or unreadable. */
    public static Duration parseRetryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        try {
            long seconds = Long.parseLong(value);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
