package dev.eventfold.delivery.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * The pure retry rules over a transport's {@link Outcome}: delivered succeeds; a gone destination fails the
 * message and disables it; an abort fails it; a paused destination holds it; a retry waits for the next step of
 * the schedule (with jitter) or as long as {@code Retry-After} said (bounded); after the schedule's last attempt
 * the message fails as exhausted.
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

    /** The decision after attempt number {@code attempt} (1-based) made at {@code now} came to {@code outcome}. */
    public Decision decide(int attempt, Outcome outcome, Instant now) {
        return switch (outcome.kind()) {
            case DELIVERED -> Decision.of(Decision.Kind.SUCCEEDED);
            case DISABLE_DESTINATION -> Decision.failed(Decision.Kind.DISABLE_DESTINATION,
                    "destination disabled: " + reason(outcome));
            case ABORT -> Decision.failed(Decision.Kind.FAILED, "aborted: " + reason(outcome));
            case PAUSE_DESTINATION -> new Decision(Decision.Kind.PAUSE_DESTINATION, now, null);
            case RETRY, RETRY_AFTER -> {
                if (attempt >= schedule.size()) {
                    yield Decision.failed(Decision.Kind.FAILED, Decision.EXHAUSTED);
                }
                if (outcome.kind() == Outcome.Kind.RETRY_AFTER && outcome.retryAfter() != null) {
                    Duration asked = outcome.retryAfter();
                    yield Decision.retryAt(now.plus(asked.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked));
                }
                yield Decision.retryAt(now.plus(jittered(schedule.get(attempt))));
            }
        };
    }

    private static String reason(Outcome outcome) {
        return outcome.reason() != null ? outcome.reason()
                : outcome.responseCode() != null ? "status " + outcome.responseCode() : String.valueOf(outcome.error());
    }

    Duration jittered(Duration delay) {
        if (jitter <= 0 || delay.isZero()) {
            return delay;
        }
        double factor = 1 + jitter * (2 * random.getAsDouble() - 1);
        return Duration.ofMillis(Math.round(delay.toMillis() * factor));
    }
}
