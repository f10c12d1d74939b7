package dev.eventfold.integrations.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimiterTest {

    final Instant t0 = Instant.parse("2026-03-01T00:00:00Z");

    @Test
    void aBurstIsSpreadAtTheRate() {
        RateLimiter limiter = new RateLimiter();

        assertThat(limiter.reserve(t0, 4)).isEqualTo(Duration.ZERO);
        assertThat(limiter.reserve(t0, 4)).isEqualTo(Duration.ofMillis(250));
        assertThat(limiter.reserve(t0, 4)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void idleTimeIsNotSavedUpForABurst() {
        RateLimiter limiter = new RateLimiter();
        limiter.reserve(t0, 2);

        assertThat(limiter.reserve(t0.plusSeconds(10), 2)).isEqualTo(Duration.ZERO);
        assertThat(limiter.reserve(t0.plusSeconds(10), 2)).isEqualTo(Duration.ofMillis(500));
    }
}
