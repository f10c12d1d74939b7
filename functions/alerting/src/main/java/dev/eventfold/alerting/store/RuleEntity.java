package dev.eventfold.alerting.store;

import dev.eventfold.alerting.domain.Direction;
import dev.eventfold.alerting.domain.Rule;
import dev.eventfold.alerting.domain.RuleKind;
import dev.eventfold.alerting.domain.RuleSpec;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Duration;
import java.time.Instant;

/** A rule row as the rules API manages it (Hibernate Reactive Panache); the event path reads it through {@link RuleStore}. */
@Entity
@Table(name = "rules")
public class RuleEntity extends PanacheEntityBase {

    @Id
    public String id;
    @Column(name = "org_id", nullable = false)
    public String orgId;
    public String name;
    @Column(nullable = false)
    public String kind;
    @Column(name = "window_seconds")
    public Long windowSeconds;
    public Double threshold;
    public String direction;
    public Double multiple;
    @Column(name = "trailing_windows")
    public Integer trailingWindows;
    @Column(name = "watched_field")
    public String watchedField;
    @Column(name = "watched_value")
    public String watchedValue;
    public boolean enabled;
    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Writes the checked spec into this row (kind included: the API refuses to change it). */
    public RuleEntity apply(RuleSpec spec, Instant now) {
        name = spec.name();
        kind = spec.kind().id();
        windowSeconds = spec.window() == null ? null : spec.window().toSeconds();
        threshold = spec.threshold();
        direction = spec.direction() == null ? null : spec.direction().id();
        multiple = spec.multiple();
        trailingWindows = spec.trailingWindows();
        watchedField = spec.watchedField();
        watchedValue = spec.watchedValue();
        updatedAt = now;
        return this;
    }

    public Rule toRule() {
        return new Rule(id, orgId, RuleKind.of(kind).orElseThrow(),
                windowSeconds == null ? null : Duration.ofSeconds(windowSeconds), threshold,
                direction == null ? null : Direction.of(direction).orElseThrow(), multiple, trailingWindows,
                watchedField, watchedValue);
    }
}
