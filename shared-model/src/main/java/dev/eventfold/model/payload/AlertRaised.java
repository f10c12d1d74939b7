package dev.eventfold.model.payload;

import dev.eventfold.model.Nullable;

import java.time.Instant;

/**
 * A rule of an organization held over a window: {@code key} is what the rule counts by (user id, IP, campaign id,
 * page id), {@code observedValue} what was seen and {@code threshold} the bound it crossed. {@code detail} says
 * what was seen in words (the new country, the role gained). Subject is the rule id.
 */
public record AlertRaised(
        String ruleId,
        String ruleKind,
        String key,
        Instant windowStart,
        Instant windowEnd,
        double observedValue,
        double threshold,
        String organizationId,
        @Nullable String detail) {
}
