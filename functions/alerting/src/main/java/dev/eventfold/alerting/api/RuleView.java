package dev.eventfold.alerting.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.eventfold.alerting.store.RuleEntity;

import java.time.Duration;
import java.time.Instant;

/** A rule as the API shows it: the fields a client wrote (defaults filled in), its id and whether it is enabled. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleView(
        String id,
        String kind,
        String name,
        String window,
        Double threshold,
        String direction,
        Double multiple,
        Integer trailingWindows,
        String field,
        String gained,
        boolean enabled,
        Instant createdAt,
        Instant updatedAt) {

    static RuleView of(RuleEntity rule) {
        return new RuleView(rule.id, rule.kind, rule.name,
                rule.windowSeconds == null ? null : Duration.ofSeconds(rule.windowSeconds).toString(),
                rule.threshold, rule.direction, rule.multiple, rule.trailingWindows, rule.watchedField,
                rule.watchedValue, rule.enabled, rule.createdAt, rule.updatedAt);
    }
}
