package dev.eventfold.integrations.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.eventfold.integrations.domain.Samples.answer;
import static org.assertj.core.api.Assertions.assertThat;

class StatusPolicyTest {

    @Test
    void retryAfterInSecondsOrAsAnHttpDate() {
        assertThat(StatusPolicy.retryAfter(answer(429, "", "Retry-After", "120"))).isEqualTo(Duration.ofMinutes(2));
        assertThat(StatusPolicy.retryAfter(answer(503, "", "Retry-After", "Sun, 01 Mar 2026 10:16:30 GMT"))).isEqualTo(Duration.ofSeconds(60));
        assertThat(StatusPolicy.retryAfter(answer(503, "", "Retry-After", "Sun, 01 Mar 2026 10:00:00 GMT"))).isEqualTo(Duration.ZERO);
        assertThat(StatusPolicy.retryAfter(answer(503, "", "Retry-After", "soon"))).isNull();
        assertThat(StatusPolicy.retryAfter(answer(503, ""))).isNull();
    }

    @Test
    void statusesOfAWholeRequest() {
        assertThat(StatusPolicy.whole(answer(204, ""))).isNull();
        assertThat(StatusPolicy.whole(answer(401, "expired"))).isEqualTo(new ItemOutcome.PauseDestination("credentials refused (HTTP 401): expired"));
        assertThat(StatusPolicy.whole(answer(408, ""))).isInstanceOf(ItemOutcome.Retry.class);
        assertThat(StatusPolicy.whole(answer(500, ""))).isInstanceOf(ItemOutcome.Retry.class);
        assertThat(StatusPolicy.whole(answer(404, "no such"))).isEqualTo(new ItemOutcome.Abort("HTTP 404: no such"));
        assertThat(StatusPolicy.whole(ApiResponse.failed("connection refused", Samples.T0))).isInstanceOf(ItemOutcome.Retry.class);
    }
}
