package dev.eventfold.alerting.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Failed logins (per user, per IP): events counted in tumbling windows; the alert is raised once, when a window's
 * count reaches the threshold. Closed windows are forgotten: the watermark alone keeps late events out of them.
 */
final class CountFold {

    private CountFold() {
    }

    static Evaluation evaluate(Rule rule, KeyState state, Observation observation, Duration lateness) {
        long size = rule.windowMillis();
        long start = AlertingCore.windowStart(observation.time().toEpochMilli(), size);
        if (AlertingCore.closed(state, start + size, lateness)) {
            return Evaluation.LATE;
        }
        KeyState.WindowState window = state.windows.computeIfAbsent(start, s -> new KeyState.WindowState());
        window.observe(observation.value());
        AlertingCore.advance(state, observation.time().toEpochMilli());
        state.windows.headMap(state.watermark - lateness.toMillis() - size, true).clear();
        if (window.raised || window.count < rule.threshold()) {
            return Evaluation.of(List.of());
        }
        window.raised = true;
        return Evaluation.of(List.of(new Alert(false, rule, observation.key(), Instant.ofEpochMilli(start).toString(),
                Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + size), window.count, rule.threshold(), null,
                window.count + " failed logins", observation.time())));
    }
}
