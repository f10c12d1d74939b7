package dev.eventfold.alerting.domain;

import dev.eventfold.model.Nullable;

import java.time.Instant;

/**
 * An alert the fold decided on: raised, or resolved (naming the raised window in {@code raisedWindowStart}).
 * {@code episode} identifies the window (or the country, or the state change) within rule and key: the alert's
 * id is derived from rule, key, episode and whether it is raised or resolved, and nothing else.
 */
public record Alert(
        boolean resolved,
        Rule rule,
        String key,
        String episode,
        Instant windowStart,
        Instant windowEnd,
        double observed,
        double threshold,
        @Nullable Instant raisedWindowStart,
        @Nullable String detail,
        Instant time) {
}
