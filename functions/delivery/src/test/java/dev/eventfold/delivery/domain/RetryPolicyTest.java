package dev.eventfold.delivery.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTest {

    private static final List<Duration> SCHEDULE = List.of(Duration.ZERO, Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10));
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private static RetryPolicy exact() {
        return new RetryPolicy(SCHEDULE, 0, Duration.ofHours(24), () -> 0.5);
    }

    @Test
    void aSuccessIsDoneAndA410DisablesTheDestination() {
        assertThat(exact().decide(1, Outcome.ofHttp(204, null, "", 3, NOW), NOW).kind()).isEqualTo(Decision.Kind.SUCCEEDED);
        assertThat(exact().decide(1, Outcome.ofHttp(410, null, "gone", 3, NOW), NOW).kind())
                .isEqualTo(Decision.Kind.DISABLE_DESTINATION);
    }

    @Test
    void failuresFollowTheScheduleAndTheLastOneFails() {
        RetryPolicy policy = exact();
        Outcome error = Outcome.ofHttp(500, null, "", 3, NOW);
        for (int attempt = 1; attempt < SCHEDULE.size(); attempt++) {
            Decision decision = policy.decide(attempt, error, NOW);
            assertThat(decision.kind()).isEqualTo(Decision.Kind.RETRY);
            assertThat(decision.nextAttemptAt()).isEqualTo(NOW.plus(SCHEDULE.get(attempt)));
        }
        assertThat(policy.decide(SCHEDULE.size(), error, NOW).kind()).isEqualTo(Decision.Kind.FAILED);
        assertThat(policy.decide(2, Outcome.error("timeout", 1000), NOW).nextAttemptAt())
                .isEqualTo(NOW.plus(Duration.ofMinutes(5)));
        assertThat(policy.decide(1, Outcome.ofHttp(404, null, "", 3, NOW), NOW).kind()).isEqualTo(Decision.Kind.RETRY);
        assertThat(policy.decide(1, Outcome.ofHttp(302, null, "", 3, NOW), NOW).kind()).isEqualTo(Decision.Kind.RETRY);
    }

    @Test
    void retryAfterIsHonouredFor429And503InSecondsOrAsADateAndBounded() {
        RetryPolicy policy = exact();
        assertThat(policy.decide(1, Outcome.ofHttp(429, "120", "", 3, NOW), NOW).nextAttemptAt())
                .isEqualTo(NOW.plusSeconds(120));
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(600).atOffset(ZoneOffset.UTC));
        assertThat(policy.decide(1, Outcome.ofHttp(503, date, "", 3, NOW), NOW).nextAttemptAt())
                .isEqualTo(NOW.plusSeconds(600));
        assertThat(policy.decide(1, Outcome.ofHttp(429, "999999", "", 3, NOW), NOW).nextAttemptAt())
                .isEqualTo(NOW.plus(Duration.ofHours(24)));
        // other statuses ignore it; an unreadable one falls back to the schedule
        assertThat(policy.decide(1, Outcome.ofHttp(500, "120", "", 3, NOW), NOW).nextAttemptAt())
                .isEqualTo(NOW.plusSeconds(5));
        assertThat(policy.decide(1, Outcome.ofHttp(429, "soon", "", 3, NOW), NOW).nextAttemptAt())
                .isEqualTo(NOW.plusSeconds(5));
    }

    @Test
    void jitterSpreadsDelaysWithinTheFraction() {
        RetryPolicy low = new RetryPolicy(SCHEDULE, 0.2, Duration.ofHours(24), () -> 0.0);
        RetryPolicy high = new RetryPolicy(SCHEDULE, 0.2, Duration.ofHours(24), () -> 0.999999);
        Outcome error = Outcome.ofHttp(500, null, "", 3, NOW);
        assertThat(low.decide(2, error, NOW).nextAttemptAt()).isEqualTo(NOW.plus(Duration.ofMinutes(4)));
        assertThat(high.decide(2, error, NOW).nextAttemptAt()).isBetween(NOW.plusSeconds(359), NOW.plusSeconds(360));
        assertThat(low.jittered(Duration.ZERO)).isZero();
    }

    @Test
    void anAbortFailsAtOnceAPauseHoldsAndTheLastRetryIsExhausted() {
        RetryPolicy policy = exact();
        Decision aborted = policy.decide(1, Outcome.abort("invalid email", 400, 3, ""), NOW);
        assertThat(aborted.kind()).isEqualTo(Decision.Kind.FAILED);
        assertThat(aborted.failure()).contains("invalid email");
        assertThat(aborted.exhausted()).isFalse();
        Decision paused = policy.decide(3, Outcome.pauseDestination("credentials expired", 401, 3, ""), NOW);
        assertThat(paused.kind()).isEqualTo(Decision.Kind.PAUSE_DESTINATION);
        Decision last = policy.decide(SCHEDULE.size(), Outcome.retryAfter(Duration.ofSeconds(1), 429, 3, ""), NOW);
        assertThat(last.kind()).isEqualTo(Decision.Kind.FAILED);
        assertThat(last.exhausted()).isTrue();
    }
}
