package dev.eventfold.integrations.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Cuts a lane's items into requests within a tool's limits: at most {@code maxCount} elements and
 * {@code maxBytes} of body each (the body's fixed envelope counted as {@code overhead}, one separator byte per
 * element). Within one request the latest item of a record wins: the older ones ride along as superseded.
 * An element that alone exceeds {@code maxElementBytes} is refused.
 */
public final class Packer {

    /** One request's worth: the items it carries (latest per identity), and the older ones they replace. */
    public record Chunk(List<Item> items, Map<String, List<String>> superseded) {
    }

    public record Packed(List<Chunk> chunks, List<Item> tooLarge) {
    }

    private Packer() {
    }

    public static Packed pack(List<Item> items, ToIntFunction<Item> size, int maxCount, int maxBytes,
                              int maxElementBytes, int overhead) {
        List<Chunk> chunks = new ArrayList<>();
        List<Item> tooLarge = new ArrayList<>();
        LinkedHashMap<String, Item> current = new LinkedHashMap<>();
        Map<String, List<String>> superseded = new LinkedHashMap<>();
        Map<String, Integer> sizes = new LinkedHashMap<>();
        int bytes = overhead;
        for (Item item : items) {
            int itemBytes = size.applyAsInt(item);
            if (itemBytes > maxElementBytes || overhead + itemBytes > maxBytes) {
                tooLarge.add(item);
                continue;
            }
            String identity = item.translation().identity();
            Item older = current.get(identity);
            int delta = itemBytes + 1 - (older == null ? 0 : sizes.get(identity) + 1);
            boolean full = older == null && current.size() >= maxCount;
            if (full || bytes + delta > maxBytes) {
                chunks.add(new Chunk(List.copyOf(current.values()), copy(superseded)));
                current.clear();
                superseded.clear();
                sizes.clear();
                bytes = overhead;
                older = null;
                delta = itemBytes + 1;
            }
            if (older != null) {
                // the newer state replaces the older one in place; the older message shares the newer one's fate
                current.remove(identity);
                List<String> replaced = new ArrayList<>(superseded.getOrDefault(older.key(), List.of()));
                superseded.remove(older.key());
                replaced.add(older.key());
                superseded.put(item.key(), replaced);
            }
            current.put(identity, item);
            sizes.put(identity, itemBytes);
            bytes += delta;
        }
        if (!current.isEmpty()) {
            chunks.add(new Chunk(List.copyOf(current.values()), copy(superseded)));
        }
        return new Packed(chunks, tooLarge);
    }

    private static Map<String, List<String>> copy(Map<String, List<String>> superseded) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        superseded.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return copy;
    }
}
