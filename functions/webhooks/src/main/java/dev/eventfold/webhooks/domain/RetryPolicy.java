package dev.eventfold.webhooks.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * The pure retry rules: 2xx succeeds; 410 disables the endpoint; 429 and 503 wait as long as {@code Retry-After}
 * says (bounded); every other status, timeout or connection error waits for the next step of the schedule, with
 * jitter; after the schedule's last attempt the message fails.
 */
public final class RetryPolicy {

    private final List<Duration> schedule;
    private final double jitter;
    private final Duration maxRetryAfter;
    private final DoubleSupplier random;

    /**
     * @param schedule the delay before each attempt (the first, usually zero, is the initial delivery)
     * @param jitter   spread of each delay as a fraction, 0 for none
     * @param random   uniform in [0, 1)
     */
    public RetryPolicy(List<Duration> schedule, double jitter, Duration maxRetryAfter, DoubleSupplier random) {
        if (schedule.isEmpty()) {
            throw new IllegalArgumentException("the retry schedule needs at least one attempt");
        }
        this.schedule = List.copyOf(schedule);
        this.jitter = jitter;
        this.maxRetryAfter = maxRetryAfter;
        this.random = random;
    }

    /** How many attempts a message gets before it fails. */
    public int maxAttempts() {
        return schedule.size();
    }

    /** The decision after attempt number {@code attempt} (1-based) made at {@code now} had {@code result}. */
    public Decision decide(int attempt, AttemptResult result, Instant now) {
        if (result.succeeded()) {
            return Decision.of(Decision.Kind.SUCCEEDED);
        }
        if (result.status() != null && result.status() == 410) {
            return Decision.of(Decision.Kind.DISABLE_ENDPOINT);
        }
        if (attempt >= schedule.size()) {
            return Decision.of(Decision.Kind.FAILED);
        }
        if (result.status() != null && (result.status() == 429 || result.status() == 503)) {
            Duration asked = retryAfter(result.retryAfter(), now);
            if (asked != null) {
                return Decision.retryAt(now.plus(asked.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked));
            }
        }
        return Decision.retryAt(now.plus(jittered(schedule.get(attempt))));
    }

    Duration jittered(Duration delay) {
        if (jitter <= 0 || delay.isZero()) {
            return delay;
        }
        double factor = 1 + jitter * (2 * random.getAsDouble() - 1);
        return Duration.ofMillis(Math.round(delay.toMillis() * factor));
    }

    /** {@code Retry-After} as delay-seconds or an HTTP date, or null when absent or unreadable. */
    static Duration retryAfter(String header, Instant now) {
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
