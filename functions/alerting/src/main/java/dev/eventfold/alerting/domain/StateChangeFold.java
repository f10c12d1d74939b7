package dev.eventfold.alerting.domain;

import java.time.Instant;
import java.util.List;

/**
 * A user's state gained a watched value (e.g. {@code roles} gained {@code admin}): raised once per gain, resolved
 * when the value is gone again. A state older than the latest one seen changes nothing (states are snapshots).
 */
final class StateChangeFold {

    private StateChangeFold() {
    }

    static Evaluation evaluate(Rule rule, KeyState state, Observation observation) {
        long time = observation.time().toEpochMilli();
        if (state.lastTime != null && time < state.lastTime) {
            return Evaluation.UNCHANGED;
        }
        String watched = rule.watchedValue();
        boolean had = state.valuesOrEmpty().contains(watched);
        boolean has = observation.values().contains(watched);
        state.values = List.copyOf(observation.values());
        state.lastTime = time;
        Instant at = observation.time();
        if (!had && has) {
            state.openSince = time;
            return Evaluation.of(List.of(new Alert(false, rule, observation.key(), "gained@" + at, at, at, 1, 1, null,
                    rule.watchedField() + " gained " + watched, at)));
        }
        if (had && !has && state.openSince != null) {
            Instant raised = Instant.ofEpochMilli(state.openSince);
            state.openSince = null;
            return Evaluation.of(List.of(new Alert(true, rule, observation.key(), "lost@" + at, at, at, 0, 1, raised,
                    rule.watchedField() + " lost " + watched, at)));
        }
        return Evaluation.of(List.of());
    }
}
