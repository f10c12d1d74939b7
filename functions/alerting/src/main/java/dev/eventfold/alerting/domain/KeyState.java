package dev.eventfold.alerting.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The state one rule keeps for one key (a user, an IP, a campaign, a page), stored as JSON: the watermark (latest
 * event time seen), the windows still open or still needed for the trailing average (by start, epoch millis), the
 * window whose alert is open, and what the non-windowed kinds remember (countries seen, last roles).
 * Mutable on purpose: the fold changes it in place and the store writes it back in the same transaction.
 */
public final class KeyState {

    /** Latest event time seen for this key, epoch millis; null before the first event. */
    public Long watermark;
    /** Earliest window start seen (campaign views: before it, history is unknown, not zero). */
    public Long firstWindow;
    /** Windows by start, epoch millis. */
    public TreeMap<Long, WindowState> windows = new TreeMap<>();
    /** Campaign views: windows before this start have been judged at their close. */
    public Long evaluatedThrough;
    /** Start (or time) of the episode whose alert was raised and not yet resolved. */
    public Long openSince;
    /** New country: first time each country was seen, epoch millis. */
    public Map<String, Long> countries = new TreeMap<>();
    /** User-state change: the watched field's values in the latest state, and that state's time. */
    public List<String> values;
    public Long lastTime;

    /** One window of a windowed rule. */
    public static final class WindowState {
        public long count;
        public double min = Double.NaN;
        public double max = Double.NaN;
        public boolean raised;

        public void observe(double value) {
            count++;
            min = Double.isNaN(min) ? value : Math.min(min, value);
            max = Double.isNaN(max) ? value : Math.max(max, value);
        }
    }

    public List<String> valuesOrEmpty() {
        return values == null ? new ArrayList<>() : values;
    }
}
