package dev.eventfold.webhooks.delivery;

import dev.eventfold.webhooks.store.EndpointStore;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The endpoints' targets (URL, secrets, mode) the transport sends to, kept per replica so that a delivery costs
 * no read: an entry serves while the destination's version (handed with every claim, raised by every change of
 * the endpoint, in whichever replica) is the one it was read at, and for at most {@code maxAgeNanos}; at most
 * {@code capacity} entries, the least recently used go first.
 */
final class TargetCache {

    private record Entry(long version, long readAt, EndpointStore.Target target) {
    }

    private final int capacity;
    private final long maxAgeNanos;
    private final LinkedHashMap<UUID, Entry> entries;

    TargetCache(int capacity, long maxAgeNanos) {
        this.capacity = capacity;
        this.maxAgeNanos = maxAgeNanos;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<UUID, Entry> eldest) {
                return size() > TargetCache.this.capacity;
            }
        };
    }

    /** The target read at this version, or null (never read, changed since, or too old). */
    synchronized EndpointStore.Target get(UUID id, long version, long nowNanos) {
        Entry e = entries.get(id);
        if (e == null || e.version() != version || nowNanos - e.readAt() > maxAgeNanos) {
            return null;
        }
        return e.target();
    }

    synchronized void put(UUID id, long version, long readAtNanos, EndpointStore.Target target) {
        entries.put(id, new Entry(version, readAtNanos, target));
    }

    synchronized void forget(UUID id) {
        entries.remove(id);
    }

    synchronized int size() {
        return entries.size();
    }
}
