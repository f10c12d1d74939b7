package dev.eventfold.alerting.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Campaign views per window, from the cumulative {@code views} of campaign-stats events: a window's views are its
 * highest total minus the highest total of the window before it (the lowest of its own for the first window), so
 * coalesced and out-of-order totals count right. The bound is the threshold, or {@code multiple} times the
 * average of the trailing windows. "Above" is raised as soon as the window's views pass the bound; "below" only
 * when the window closes (watermark past its end plus the lateness). An alert stays open (no second one is
 * raised) until the first window that closes within bounds resolves it. Windows without events are judged as
 * zero views once a later event closes them.
 */
final class CampaignViewsFold {

    /** Most windows one event closes (a campaign silent for longer is judged over its latest windows only). */
    static final int MAX_CLOSED_PER_EVENT = 168;

    private CampaignViewsFold() {
    }

    static Evaluation evaluate(Rule rule, KeyState state, Observation observation, Duration lateness) {
        long size = rule.windowMillis();
        long time = observation.time().toEpochMilli();
        long start = AlertingCore.windowStart(time, size);
        if (AlertingCore.closed(state, start + size, lateness)) {
            return Evaluation.LATE;
        }
        KeyState.WindowState window = state.windows.computeIfAbsent(start, s -> new KeyState.WindowState());
        window.observe(observation.value());
        state.firstWindow = state.firstWindow == null ? start : Math.min(state.firstWindow, start);
        AlertingCore.advance(state, time);
        List<Alert> alerts = new ArrayList<>();
        if (rule.direction() == Direction.ABOVE) {
            Double bound = bound(rule, state, start);
            double views = views(state, start);
            if (bound != null && state.openSince == null && views > bound) {
                window.raised = true;
                alerts.add(raised(rule, state, observation, start, views, bound));
            }
        }
        close(rule, state, observation, lateness, alerts);
        long from = state.evaluatedThrough == null ? state.firstWindow : state.evaluatedThrough;
        int keep = (rule.trailingWindows() == null ? 0 : rule.trailingWindows()) + 1;
        state.windows.headMap(from - keep * size).clear();
        return Evaluation.of(alerts);
    }

    /** Judges every window that has closed since the last judgement, oldest first. */
    private static void close(Rule rule, KeyState state, Observation observation, Duration lateness, List<Alert> alerts) {
        long size = rule.windowMillis();
        long lastClosed = AlertingCore.windowStart(state.watermark - lateness.toMillis(), size) - size;
        long from = state.evaluatedThrough == null ? state.firstWindow : state.evaluatedThrough;
        from = Math.max(from, lastClosed - (MAX_CLOSED_PER_EVENT - 1) * size);
        for (long start = from; start <= lastClosed; start += size) {
            state.evaluatedThrough = start + size;
            Double bound = bound(rule, state, start);
            if (bound == null) {
                continue;
            }
            double views = views(state, start);
            boolean breach = rule.direction() == Direction.ABOVE ? views > bound : views < bound;
            if (breach && state.openSince == null) {
                alerts.add(raised(rule, state, observation, start, views, bound));
            } else if (!breach && state.openSince != null) {
                alerts.add(new Alert(true, rule, observation.key(), Instant.ofEpochMilli(start).toString(),
                        Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + size), views, bound,
                        Instant.ofEpochMilli(state.openSince), views + " views", observation.time()));
                state.openSince = null;
            }
        }
    }

    private static Alert raised(Rule rule, KeyState state, Observation observation, long start, double views,
                                double bound) {
        state.openSince = start;
        return new Alert(false, rule, observation.key(), Instant.ofEpochMilli(start).toString(),
                Instant.ofEpochMilli(start), Instant.ofEpochMilli(start + rule.windowMillis()), views, bound, null,
                views + " views " + rule.direction().id() + " " + bound, observation.time());
    }

    /** The views in the window starting at {@code start}; zero for a window without events. */
    static double views(KeyState state, long start) {
        KeyState.WindowState window = state.windows.get(start);
        if (window == null) {
            return 0;
        }
        Map.Entry<Long, KeyState.WindowState> before = state.windows.lowerEntry(start);
        double base = before == null ? window.min : before.getValue().max;
        return Math.max(0, window.max - base);
    }

    /** The threshold, or the multiple of the trailing average; null while no trailing window is known. */
    static Double bound(Rule rule, KeyState state, long start) {
        if (rule.threshold() != null) {
            return rule.threshold();
        }
        double sum = 0;
        int known = 0;
        for (int i = 1; i <= rule.trailingWindows(); i++) {
            long trailing = start - i * rule.windowMillis();
            if (trailing < state.firstWindow) {
                break;
            }
            sum += views(state, trailing);
            known++;
        }
        return known == 0 ? null : rule.multiple() * sum / known;
    }
}
