package dev.eventfold.activitystream.api;

import dev.eventfold.activitystream.ActivityConfig;
import dev.eventfold.activitystream.domain.ActivityItem;
import dev.eventfold.activitystream.domain.Cursor;
import dev.eventfold.activitystream.domain.Position;
import dev.eventfold.activitystream.domain.StatsCoalescer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pod's fan-out: the one consumer hands each stored batch here, and it goes to the connected subscribers of
 * each item's organization only. Campaign stats wait in a {@link StatsCoalescer} and leave once per interval, the
 * latest per campaign. Each organization's items of a batch become one {@link Frame} (split past
 * {@link #FRAME_CHARS}), encoded once and written as they are to every subscriber that is caught up: the work per
 * item does not grow with the number of browsers, only one write per frame and browser does.
 *
 * <p>The frames' cursors are the hub's <em>feed position</em>: per partition, the last offset published here (or,
 * for a partition published nothing yet, the offset the consumer started after). Items are stored before they are
 * published and published in offset order per partition, so a subscriber that is live has received every item of
 * its organization up to that position: the one cursor is exact for every caught-up subscriber of every
 * organization.
 */
@ApplicationScoped
public class ActivityHub {

    private static final Logger LOG = Logger.getLogger(ActivityHub.class);
    /** A frame is closed once its text passes this many characters (the next item starts another). */
    static final int FRAME_CHARS = 60_000;

    private final Map<String, Set<Subscriber>> byOrg = new ConcurrentHashMap<>();
    private final AtomicLong drops = new AtomicLong();
    /** Guards the coalescer and the feed position: items leave in the order the position advances. */
    private final Object publishing = new Object();
    private final StatsCoalescer coalescer = new StatsCoalescer();
    private final Map<String, Long> position = new java.util.TreeMap<>();
    private ScheduledExecutorService timer;

    @Inject
    ActivityConfig config;
    @Inject
    MeterRegistry metrics;

    void start(@Observes StartupEvent start) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "activity-stats-flush");
            thread.setDaemon(true);
            return thread;
        });
        long every = config.feed().statsInterval().toMillis();
        timer.scheduleWithFixedDelay(this::flushStats, every, every, TimeUnit.MILLISECONDS);
        metrics.gauge("eventfold.activity.subscribers", byOrg, m -> m.values().stream().mapToInt(Set::size).sum());
        metrics.gauge("eventfold.activity.resyncs", drops, AtomicLong::get);
    }

    void stop(@Observes ShutdownEvent stop) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /**
     * Where the consumer starts partitions it was not reading yet: the last offset stored of each (everything up to
     * it was stored before this pod published anything of the partition). Known partitions keep their position.
     */
    public void startingAfter(Map<String, Long> lastStored) {
        synchronized (publishing) {
            lastStored.forEach(position::putIfAbsent);
        }
    }

    /** Items stored by the consumer, in log order per partition. */
    public void publish(List<ActivityItem> items) {
        synchronized (publishing) {
            List<ActivityItem> now = new ArrayList<>(items.size());
            for (ActivityItem item : items) {
                if (item.coalesces()) {
                    coalescer.offer(item);
                } else {
                    now.add(item);
                }
            }
            deliver(now);
        }
    }

    void flushStats() {
        try {
            synchronized (publishing) {
                deliver(coalescer.drain());
            }
        } catch (RuntimeException e) {
            LOG.warn("stats flush failed", e);
        }
    }

    /** Advances the feed position item by item and sends each organization's items as frames. */
    private void deliver(List<ActivityItem> items) {
        Map<String, FrameBuilder> open = new LinkedHashMap<>();
        for (ActivityItem item : items) {
            Position p = item.position();
            position.merge(p.partitionKey(), p.offset(), Math::max);
            Set<Subscriber> subscribers = byOrg.get(item.orgId());
            if (subscribers == null || subscribers.isEmpty()) {
                continue;
            }
            FrameBuilder frame = open.computeIfAbsent(item.orgId(), org -> new FrameBuilder());
            Cursor after = Cursor.of(position);
            frame.add(item, WireMessages.item(item, after.encode()), after);
            if (frame.length() >= FRAME_CHARS) {
                send(item.orgId(), open.remove(item.orgId()).build());
            }
        }
        open.forEach((org, frame) -> send(org, frame.build()));
    }

    private void send(String orgId, Frame frame) {
        try {
            Set<Subscriber> subscribers = byOrg.get(orgId);
            if (subscribers != null) {
                for (Subscriber subscriber : subscribers) {
                    subscriber.offer(frame);
                }
            }
        } finally {
            if (frame.bytes() != null) {
                frame.bytes().release();
            }
        }
    }

    void add(Subscriber subscriber) {
        byOrg.computeIfAbsent(subscriber.orgId(), org -> ConcurrentHashMap.newKeySet()).add(subscriber);
    }

    void remove(Subscriber subscriber) {
        byOrg.computeIfPresent(subscriber.orgId(), (org, set) -> {
            set.remove(subscriber);
            return set.isEmpty() ? null : set;
        });
    }

    void dropped(Subscriber subscriber) {
        drops.incrementAndGet();
        remove(subscriber);
    }

    /** Connected subscribers of an organization (the readiness of tests and the benchmark). */
    public int subscribers(String orgId) {
        Set<Subscriber> set = byOrg.get(orgId);
        return set == null ? 0 : set.size();
    }

    /** Subscribers of an organization that take the shared frames as they are (tests). */
    public int sharedSubscribers(String orgId) {
        Set<Subscriber> set = byOrg.get(orgId);
        return set == null ? 0 : (int) set.stream().filter(Subscriber::isShared).count();
    }

    /** How many subscribers were dropped with resync since start. */
    public long resyncs() {
        return drops.get();
    }

    /** One organization's frame while it fills: the items and their encoded messages, joined as a JSON array. */
    private static final class FrameBuilder {
        private final List<ActivityItem> items = new ArrayList<>();
        private final StringBuilder text = new StringBuilder(1024).append('[');
        private Cursor after;

        void add(ActivityItem item, String message, Cursor cursorAfter) {
            if (!items.isEmpty()) {
                text.append(',');
            }
            items.add(item);
            text.append(message);
            after = cursorAfter;
        }

        int length() {
            return text.length();
        }

        Frame build() {
            String frame = text.append(']').toString();
            return new Frame(List.copyOf(items), frame, after, SharedFrames.encode(frame));
        }
    }
}
