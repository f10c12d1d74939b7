package dev.eventfold.activitystream.domain;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

/**
 * Orders what a client missed for sending: each partition's items in offset order (what {@link Cursor} needs),
 * partitions interleaved by store sequence (roughly the order they happened), and of a campaign's stats only the
 * latest (stats are state). Pure.
 */
public final class Replay {

    private Replay() {
    }

    public static List<ActivityItem> order(List<ActivityItem> missed) {
        Set<String> superseded = new HashSet<>();
        Map<String, ActivityItem> latestStats = new HashMap<>();
        for (ActivityItem item : missed) {
            if (item.coalesces()) {
                latestStats.merge(item.coalesceKey(), item, (a, b) -> a.position().offset() >= b.position().offset() ? a : b);
            }
        }
        Map<String, Deque<ActivityItem>> byPartition = new TreeMap<>();
        List<ActivityItem> sorted = new ArrayList<>(missed);
        sorted.sort(Comparator.comparingLong((ActivityItem i) -> i.position().offset()));
        for (ActivityItem item : sorted) {
            if (item.coalesces() && latestStats.get(item.coalesceKey()) != item) {
                superseded.add(item.eventId());
                continue;
            }
            byPartition.computeIfAbsent(item.position().partitionKey(), k -> new ArrayDeque<>()).add(item);
        }
        PriorityQueue<Deque<ActivityItem>> heads =
                new PriorityQueue<>(Comparator.comparingLong((Deque<ActivityItem> d) -> d.peekFirst().sequence()));
        byPartition.values().forEach(heads::add);
        List<ActivityItem> out = new ArrayList<>(missed.size() - superseded.size());
        while (!heads.isEmpty()) {
            Deque<ActivityItem> head = heads.poll();
            out.add(head.pollFirst());
            if (!head.isEmpty()) {
                heads.add(head);
            }
        }
        return out;
    }
}
