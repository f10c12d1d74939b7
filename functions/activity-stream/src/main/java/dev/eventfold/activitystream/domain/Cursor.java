package dev.eventfold.activitystream.domain;

import dev.eventfold.model.Topic;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How far a client has read: the last offset it received of each derived topic's partition. Items of one partition
 * reach a client in offset order (from the store and live alike), so an item is new to the client exactly when its
 * offset is above the cursor's for its partition: that makes resume gap-free and duplicate-free whatever the
 * interleaving of partitions. Encoded opaque (base64url of {@code suffix/partition/offset;…}) on every pushed item.
 */
public final class Cursor {

    private static final Set<String> TOPICS = Arrays.stream(Topic.values()).map(Topic::suffix).collect(Collectors.toSet());
    private static final Pattern ENTRY = Pattern.compile("[a-z.\\-]{1,40}/\\d{1,5}/\\d{1,19}");
    /** More entries than the derived topics could ever have partitions is not a cursor we issued. */
    static final int MAX_ENTRIES = 4096;
    static final int MAX_ENCODED = 64 * 1024;

    private final TreeMap<String, Long> offsets;

    private Cursor(TreeMap<String, Long> offsets) {
        this.offsets = offsets;
    }

    public static Cursor empty() {
        return new Cursor(new TreeMap<>());
    }

    public static Cursor of(Map<String, Long> offsets) {
        return new Cursor(new TreeMap<>(offsets));
    }

    /** The last offset read of the partition, or -1 when the client read nothing of it. */
    public long offset(String partitionKey) {
        return offsets.getOrDefault(partitionKey, -1L);
    }

    /**
     * This cursor moved back to just before the first of {@code items} on each partition they are from (items of
     * one partition come in offset order): the start from which a client gets exactly those items, then what
     * follows this cursor.
     */
    public Cursor before(List<ActivityItem> items) {
        TreeMap<String, Long> moved = new TreeMap<>(offsets);
        for (ActivityItem item : items) {
            Position p = item.position();
            if (p.offset() - 1 < moved.getOrDefault(p.partitionKey(), Long.MAX_VALUE)) {
                moved.put(p.partitionKey(), p.offset() - 1);
            }
        }
        return new Cursor(moved);
    }

    /** True when the item at {@code position} has not reached the client yet. */
    public boolean isNew(Position position) {
        return position.offset() > offset(position.partitionKey());
    }

    /** Records the item as read; returns false (and changes nothing) when it was not new. */
    public boolean advance(Position position) {
        if (!isNew(position)) {
            return false;
        }
        offsets.put(position.partitionKey(), position.offset());
        return true;
    }

    /** True when this cursor is at or past {@code other} on every partition {@code other} names. */
    public boolean covers(Cursor other) {
        for (Map.Entry<String, Long> e : other.offsets.entrySet()) {
            if (offset(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    public Map<String, Long> offsets() {
        return Map.copyOf(offsets);
    }

    public Cursor copy() {
        return new Cursor(new TreeMap<>(offsets));
    }

    public String encode() {
        String plain = offsets.entrySet().stream().map(e -> e.getKey() + "/" + e.getValue())
                .collect(Collectors.joining(";"));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a cursor this service issued; anything else is an {@link IllegalArgumentException} saying why. */
    public static Cursor decode(String encoded) {
        if (encoded.length() > MAX_ENCODED) {
            throw new IllegalArgumentException("cursor is too long");
        }
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cursor is not base64url");
        }
        TreeMap<String, Long> offsets = new TreeMap<>();
        if (plain.isEmpty()) {
            return new Cursor(offsets);
        }
        String[] entries = plain.split(";", -1);
        if (entries.length > MAX_ENTRIES) {
            throw new IllegalArgumentException("cursor has too many partitions");
        }
        for (String entry : entries) {
            if (!ENTRY.matcher(entry).matches()) {
                throw new IllegalArgumentException("cursor entry is malformed");
            }
            int last = entry.lastIndexOf('/');
            String key = entry.substring(0, last);
            String topic = key.substring(0, key.lastIndexOf('/'));
            if (!TOPICS.contains(topic)) {
                throw new IllegalArgumentException("cursor names an unknown topic");
            }
            try {
                offsets.merge(key, Long.parseLong(entry.substring(last + 1)), Math::max);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("cursor offset is out of range");
            }
        }
        return new Cursor(offsets);
    }
}
