package dev.eventfold.activitystream.api;

import dev.eventfold.activitystream.ActivityConfig;
import dev.eventfold.activitystream.domain.ActivityItem;
import dev.eventfold.activitystream.domain.StatsCoalescer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pod's fan-out: the one consumer hands each stored item here, and it goes to the connected subscribers of
 * its organization only. Campaign stats wait in a {@link StatsCoalescer} and leave once per interval, the latest
 * per campaign. Work per item is one lookup of the organization's subscribers, whatever the number of browsers.
 */
@ApplicationScoped
public class ActivityHub {

    private static final Logger LOG = Logger.getLogger(ActivityHub.class);

    private final Map<String, Set<Subscriber>> byOrg = new ConcurrentHashMap<>();
    private final StatsCoalescer coalescer = new StatsCoalescer();
    private final AtomicLong drops = new AtomicLong();
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

    /** Items stored by the consumer, in log order per partition. */
    public void publish(List<ActivityItem> items) {
        for (ActivityItem item : items) {
            if (item.coalesces()) {
                synchronized (coalescer) {
                    coalescer.offer(item);
                }
            } else {
                deliver(item);
            }
        }
    }

    void flushStats() {
        try {
            List<ActivityItem> due;
            synchronized (coalescer) {
                due = coalescer.drain();
            }
            due.forEach(this::deliver);
        } catch (RuntimeException e) {
            LOG.warn("stats flush failed", e);
        }
    }

    private void deliver(ActivityItem item) {
        Set<Subscriber> subscribers = byOrg.get(item.orgId());
        if (subscribers != null) {
            for (Subscriber subscriber : subscribers) {
                subscriber.offer(item);
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

    /** How many subscribers were dropped with resync since start. */
    public long resyncs() {
        return drops.get();
    }
}
