package dev.eventfold.alerting.domain;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.DerivedIds;
import dev.eventfold.model.EventType;
import dev.eventfold.model.payload.AlertRaised;
import dev.eventfold.model.payload.AlertResolved;

/**
 * Alerts as CloudEvents on the alerts topic. The id is a name-based UUID of rule, key and episode (the window),
 * so that a redelivery, a restart or a replay into a fresh schema yields the same event; subject is the rule id.
 */
public final class AlertEvents {

    public static final String SOURCE = "/" + AlertingCore.FUNCTION_NAME;

    private AlertEvents() {
    }

    public static String alertId(boolean resolved, String ruleId, String key, String episode) {
        // length-prefixed parts: no two (rule, key, episode) triples share a name
        String name = (resolved ? "resolved/" : "raised/") + ruleId.length() + ":" + ruleId + "/" + key.length()
                + ":" + key + "/" + episode;
        // a rule's id is unique across organizations, so the name needs no organization of its own
        return DerivedIds.derivedId(AlertingCore.FUNCTION_NAME, "", SOURCE, name);
    }

    public static CloudEvent toEvent(Alert alert) {
        Rule rule = alert.rule();
        String id = alertId(alert.resolved(), rule.id(), alert.key(), alert.episode());
        if (alert.resolved()) {
            return CloudEvent.of(id, SOURCE, EventType.ALERT_RESOLVED, rule.id(), alert.time(), rule.orgId(), null,
                    new AlertResolved(rule.id(), rule.kind().id(), alert.key(), alert.windowStart(), alert.windowEnd(),
                            alert.observed(), alert.threshold(), rule.orgId(), alert.raisedWindowStart(),
                            alert.detail()));
        }
        return CloudEvent.of(id, SOURCE, EventType.ALERT_RAISED, rule.id(), alert.time(), rule.orgId(), null,
                new AlertRaised(rule.id(), rule.kind().id(), alert.key(), alert.windowStart(), alert.windowEnd(),
                        alert.observed(), alert.threshold(), rule.orgId(), alert.detail()));
    }
}
