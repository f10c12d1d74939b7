package dev.eventfold.delivery.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void startsWithOneSecondsWorthAndRefillsAtTheRateUpToIt() {
        TokenBucket bucket = new TokenBucket(10, 0);
        assertThat(bucket.available(0)).isEqualTo(10);
        bucket.take(10, 0);
        assertThat(bucket.available(0)).isZero();
        assertThat(bucket.available(SECOND / 2)).isEqualTo(5);
        assertThat(bucket.available(5 * SECOND)).as("never more than the burst").isEqualTo(10);
    }

    @Test
    void aDebtIsPaidBackBeforeNewTokens() {
        TokenBucket bucket = new TokenBucket(4, 0);
        bucket.take(8, 0);   // a claim took more than there were
        assertThat(bucket.available(SECOND / 2)).isZero();
        assertThat(bucket.available(SECOND)).isZero();
        assertThat(bucket.available(SECOND + SECOND / 2)).isEqualTo(2);
        assertThatThrownBy(() -> new TokenBucket(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRatePerMinuteRefillsAFractionPerSecondWithABurstOfAtLeastOne() {
        TokenBucket bucket = TokenBucket.perMinute(30, 0);   // a receiver's WebHook-Allowed-Rate: 30
        assertThat(bucket.available(0)).isEqualTo(1);
        bucket.take(1, 0);
        assertThat(bucket.available(SECOND)).as("half a token").isZero();
        assertThat(bucket.full(SECOND)).isFalse();
        assertThat(bucket.available(2 * SECOND)).isEqualTo(1);
        assertThat(bucket.available(60 * SECOND)).as("never more than the burst").isEqualTo(1);
        assertThat(bucket.full(60 * SECOND)).isTrue();
        assertThat(TokenBucket.perMinute(600, 0).available(0)).as("one second's worth").isEqualTo(10);
        assertThat(new TokenBucket(3, 0).perMinute()).isEqualTo(180);
    }
}
