package dev.eventfold.model.payload;

import dev.eventfold.model.Nullable;

import java.time.Instant;

/**
 * The condition of a raised alert cleared: the window named here closed within bounds. {@code raisedWindowStart}
 * names the window whose {@link AlertRaised} this resolves. {@code detail} says
 * what was seen in words (the new country, the role gained). Subject is the rule id.
 */
public record AlertResolved(
        String ruleId,
        String ruleKind,
        String key,
        Instant windowStart,
        Instant windowEnd,
        double observedValue,
        double threshold,
        String organizationId,
        Instant raisedWindowStart,
        @Nullable String detail) {
}
