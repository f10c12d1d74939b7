package dev.eventfold.alerting.domain;

import dev.eventfold.model.Nullable;

import java.time.Duration;

/**
 * One enabled rule of an organization as the fold sees it; which fields are set depends on the kind (see
 * {@link RuleSpec}, which fills the defaults): {@code window} for the windowed kinds, {@code threshold} or
 * {@code multiple} (of the trailing average over {@code trailingWindows}) with {@code direction} for campaign
 * views, {@code watchedField}/{@code watchedValue} for user-state changes.
 */
public record Rule(
        String id,
        String orgId,
        RuleKind kind,
        @Nullable Duration window,
        @Nullable Double threshold,
        @Nullable Direction direction,
        @Nullable Double multiple,
        @Nullable Integer trailingWindows,
        @Nullable String watchedField,
        @Nullable String watchedValue) {

    public long windowMillis() {
        return window.toMillis();
    }
}
