package dev.eventfold.delivery.domain;

/**
 * A destination's rate limit, pure: {@code perMinute / 60} tokens per second, at most one second's worth saved up
 * (the burst; at least one token), one token per message. Taking more than there are (a claim that raced) leaves
 * a debt that later refills pay back first, so the average rate holds. Not thread-safe; times are
 * {@code System.nanoTime()}-like.
 */
public final class TokenBucket {

    private final int perMinute;
    private final double perSecond;
    private final double burst;
    private double tokens;
    private long refilledAt;

    /** {@code rate} messages per second. */
    public TokenBucket(int rate, long nowNanos) {
        this(checked(rate) * 60L, nowNanos);
    }

    private TokenBucket(long perMinute, long nowNanos) {
        if (perMinute <= 0) {
            throw new IllegalArgumentException("rate must be positive");
        }
        this.perMinute = (int) Math.min(Integer.MAX_VALUE, perMinute);
        this.perSecond = this.perMinute / 60.0;
        this.burst = Math.max(1, perSecond);
        this.tokens = burst;
        this.refilledAt = nowNanos;
    }

    /** {@code perMinute} messages per minute (e.g. a receiver's {@code WebHook-Allowed-Rate}). */
    public static TokenBucket perMinute(int perMinute, long nowNanos) {
        return new TokenBucket((long) perMinute, nowNanos);
    }

    private static int checked(int rate) {
        if (rate <= 0) {
            throw new IllegalArgumentException("rate must be positive");
        }
        return rate;
    }

    /** Messages per second, rounded up. */
    public int rate() {
        return (int) Math.ceil(perMinute / 60.0);
    }

    public int perMinute() {
        return perMinute;
    }

    /** Whether the bucket is full: forgetting it changes nothing. */
    public boolean full(long nowNanos) {
        refill(nowNanos);
        return tokens >= burst;
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
            tokens = Math.min(burst, tokens + elapsed / 1e9 * perSecond);
            refilledAt = nowNanos;
        }
    }
}
