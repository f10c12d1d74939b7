package dev.eventfold.activitystream.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Holds campaign-stats items between two flushes and keeps only the latest per organization and campaign: a burst
 * of updates becomes at most one message per campaign per interval on the wire. A campaign's stats travel on one
 * partition (key = campaign id), and every pending item leaves at the same flush in offset order, so a client's
 * {@link Cursor} never passes an item that is still held. Bounded by the number of campaigns updated in one
 * interval. Not thread-safe: the caller serialises access.
 */
public final class StatsCoalescer {

    private final Map<String, ActivityItem> latest = new LinkedHashMap<>();

    /** Keeps the item unless a later one of its campaign is already held. */
    public void offer(ActivityItem item) {
        latest.merge(item.coalesceKey(), item, (held, offered) ->
                offered.position().offset() >= held.position().offset() ? offered : held);
    }

    /** The held items, in log order per partition, and empties the coalescer. */
    public List<ActivityItem> drain() {
        List<ActivityItem> out = new ArrayList<>(latest.values());
        latest.clear();
        out.sort(Comparator.comparing((ActivityItem i) -> i.position().partitionKey())
                .thenComparingLong(i -> i.position().offset()));
        return out;
    }

    public int size() {
        return latest.size();
    }
}
