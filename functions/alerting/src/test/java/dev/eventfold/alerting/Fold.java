package dev.eventfold.alerting;

import dev.eventfold.alerting.domain.Alert;
import dev.eventfold.alerting.domain.AlertingCore;
import dev.eventfold.alerting.domain.Evaluation;
import dev.eventfold.alerting.domain.KeyState;
import dev.eventfold.alerting.domain.Observation;
import dev.eventfold.alerting.domain.Observations;
import dev.eventfold.alerting.domain.Rule;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.Json;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pure core driven as the handler drives it, without a database: each rule's state per key, written to JSON
 * and read back between events (as the store does), so the tests also prove the state survives a restart.
 */
final class Fold {

    private final List<Rule> rules;
    private final Duration lateness;
    private final Map<String, String> states = new HashMap<>();
    int late;

    Fold(Duration lateness, Rule... rules) {
        this.rules = List.of(rules);
        this.lateness = lateness;
    }

    /** Given these events happened (alerts they raise are dropped). */
    Fold given(CloudEvent... events) {
        when(events);
        return this;
    }

    /** When these events arrive, in this order: the alerts they yield. */
    List<Alert> when(CloudEvent... events) {
        List<Alert> alerts = new ArrayList<>();
        for (CloudEvent event : events) {
            for (Rule rule : rules) {
                if (!rule.orgId().equals(event.orgId())) {
                    continue;
                }
                Observation observation = Observations.of(rule, event).orElse(null);
                if (observation == null) {
                    continue;
                }
                String id = rule.id() + "|" + observation.key();
                KeyState state = read(states.getOrDefault(id, "{}"));
                Evaluation evaluation = AlertingCore.evaluate(rule, state, observation, lateness);
                late += evaluation.late() ? 1 : 0;
                states.put(id, write(state));
                alerts.addAll(evaluation.alerts());
            }
        }
        return alerts;
    }

    private static KeyState read(String json) {
        try {
            return Json.MAPPER.readValue(json, KeyState.class);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String write(KeyState state) {
        try {
            return Json.MAPPER.writeValueAsString(state);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
