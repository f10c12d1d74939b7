package dev.eventfold.delivery.domain;

/**
 * A destination's rate limit, pure: {@code rate} tokens per second, at most one second's worth saved up (the
 * burst), one token per message. Taking more than there are (a claim that raced) leaves a debt that later
 * refills pay back first, so the average rate holds. Not thread-safe; times are {@code System.nanoTime()}-like.
 */
public final class TokenBucket {

    private final int rate;
    private double tokens;
    private long refilledAt;

    public TokenBucket(int rate, long nowNanos) {
        if (rate <= 0) {
            throw new IllegalArgumentException("rate must be positive");
        }
        this.rate = rate;
        this.tokens = rate;
        this.refilledAt = nowNanos;
    }

    public int rate() {
        return rate;
    }

    /** Whole tokens available now (0 when in debt). */
    public int available(long nowNanos) {
        refill(nowNanos);
        return (int) Math.max(0, Math.floor(tokens));
    }

    /** Spends {@code n} tokens (the messages just claimed). */
    public void take(int n, long nowNanos) {
        refill(nowNanos);
        tokens -= n;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - refilledAt;
        if (elapsed > 0) {
            tokens = Math.min(rate, tokens + elapsed / 1e9 * rate);
            refilledAt = nowNanos;
        }
    }
}
