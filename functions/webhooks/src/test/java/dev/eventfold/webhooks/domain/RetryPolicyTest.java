package dev.eventfold.webhooks.domain;

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
    void aSuccessIsDoneAndA410DisablesTheEndpoint() {
        assertThat(exact().decide(1, AttemptResult.response(204, "", null, 3), NOW).kind()).isEqualTo(Decision.Kind.SUCCEEDED);
        assertThat(exact().decide(1, AttemptResult.response(410, "gone", null, 3), NOW).kind())
                .isEqualTo(Decision.Kind.DISABLE_ENDPOINT);
    }

    @Test
    void failuresFollowTheScheduleAndTheLastOneFails() {
        RetryPolicy policy = exact();
        AttemptResult error = AttemptResult.response(500, "", null, 3);
        for (int attempt = 1; attempt < SCHEDULE.size(); attempt++) {
            Decision decision = policy.decide(attempt, error, NOW);
            assertThat(decision.kind()).isEqualTo(Decision.Kind.RETRY);
            assertThat(decision.nextAttemptAt()).isEqualTo(NOW.plus(SCHEDULE.get(attempt)));
        }
        assertThat(policy.decide(SCHEDULE.size(), error, NOW).kind()).isEqualTo(Decision.Kind.FAILED);
        assertThat(policy.decide(2, AttemptResult.error("timeout", 1000), NOW).nextAttemptAt())
                .isEqualTo(NOW.plus(Duration.ofMinutes(5)));
        assertThat(policy.decide(1, AttemptResult.response(404, "", null, 3), NOW).kind()).isEqualTo(Decision.Kind.RETRY);
        assertThat(policy.decide(1, AttemptResult.response(302, "", null, 3), NOW).kind()).isEqualTo(Decision.Kind.RETRY);
    }

    @Test
    void retryAfterIsHonouredFor429And503InSecondsOrAsADateAndBounded() {
        RetryPolicy policy = exact();
        assertThat(policy.decide(1, AttemptResult.response(429, "", "120", 3), NOW).nextAttemptAt())
                .isEqualTo(NOW.plusSeconds(120));
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(600).atOffset(ZoneOffset.UTC));
        assertThat(policy.decide(1, AttemptResult.response(503, "", date, 3), NOW).nextAttemptAt())
                .isEqualTo(NOW.plusSeconds(600));
        assertThat(policy.decide(1, AttemptResult.response(429, "", "999999", 3), NOW).nextAttemptAt())
                .isEqualTo(NOW.plus(Duration.ofHours(24)));
        // other statuses ignore it; an unreadable one falls back to the schedule
        assertThat(policy.decide(1, AttemptResult.response(500, "", "120", 3), NOW).nextAttemptAt())
                .isEqualTo(NOW.plusSeconds(5));
        assertThat(policy.decide(1, AttemptResult.response(429, "", "soon", 3), NOW).nextAttemptAt())
                .isEqualTo(NOW.plusSeconds(5));
    }

    @Test
    void jitterSpreadsDelaysWithinTheFraction() {
        RetryPolicy low = new RetryPolicy(SCHEDULE, 0.2, Duration.ofHours(24), () -> 0.0);
        RetryPolicy high = new RetryPolicy(SCHEDULE, 0.2, Duration.ofHours(24), () -> 0.999999);
        AttemptResult error = AttemptResult.response(500, "", null, 3);
        assertThat(low.decide(2, error, NOW).nextAttemptAt()).isEqualTo(NOW.plus(Duration.ofMinutes(4)));
        assertThat(high.decide(2, error, NOW).nextAttemptAt()).isBetween(NOW.plusSeconds(359), NOW.plusSeconds(360));
        assertThat(low.jittered(Duration.ZERO)).isZero();
    }
}
