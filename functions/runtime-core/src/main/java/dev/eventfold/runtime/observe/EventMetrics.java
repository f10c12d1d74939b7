package dev.eventfold.runtime.observe;

import dev.eventfold.runtime.config.FunctionConfig;
import dev.eventfold.runtime.trigger.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** The Micrometer meters every function gets: events applied, duplicates, skipped, dead-lettered, latency. */
@ApplicationScoped
public class EventMetrics {

    public static final String APPLIED = "eventfold.events.applied";
    public static final String DUPLICATES = "eventfold.events.duplicates";
    public static final String SKIPPED = "eventfold.events.skipped";
    public static final String DEAD_LETTERED = "eventfold.events.deadlettered";
    public static final String OUTBOX_REFUSED = "eventfold.outbox.refused";
    public static final String OVERLOADED = "eventfold.funqy.overloaded";
    public static final String OUTBOX_QUEUED = "eventfold.outbox.queued";
    public static final String PROCESSING = "eventfold.events.processing";
    public static final String RETRIES = "eventfold.kafka-trigger.retries";
    public static final String TRANSACTIONS = "eventfold.transactions";
    public static final String TRANSACTION_EVENTS = "eventfold.transaction.events";
    public static final String WAITING = "eventfold.funqy.waiting";

    @Inject
    MeterRegistry registry;

    @Inject
    FunctionConfig config;

    /** Most distinct event types with meters of their own; the rest share the type tag {@code other}. */
    static final int MOST_TYPES = 256;
    private final Set<String> types = ConcurrentHashMap.newKeySet();
    private final Map<String, Map<String, Counter>> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    public void outcome(Outcome outcome, String type) {
        String name = switch (outcome) {
            case APPLIED -> APPLIED;
            case DUPLICATE -> DUPLICATES;
            case SKIPPED -> SKIPPED;
            case DEAD_LETTERED -> null; // counted when the dead-letter record is sent
        };
        if (name != null) {
            counter(name, type).increment();
        }
    }

    public void deadLettered(String type) {
        counter(DEAD_LETTERED, type).increment();
    }

    /** A derived event Kafka refuses for good was set aside (outbox_refused) with a dead-letter notice. */
    public void outboxRefused(String type) {
        counter(OUTBOX_REFUSED, type).increment();
    }

    /** A Funqy delivery was refused with 503 because the group-commit queue was full. */
    public void overloaded() {
        registry.counter(OVERLOADED, "function", config.functionName()).increment();
    }

    /** A Kafka batch failed transiently and will be tried again. */
    public void retried() {
        registry.counter(RETRIES, "function", config.functionName()).increment();
    }

    /** Records how long one event took, a batch's time spread evenly over its events. */
    public void processed(String type, long nanos) {
        timers.computeIfAbsent(typeTag(type), t -> Timer.builder(PROCESSING).tag("function", config.functionName())
                        .tag("type", t).publishPercentileHistogram(false).register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One committed processing transaction: how long it took (dedup to commit) and how many events it held. */
    public void transaction(int events, long nanos) {
        Timer.builder(TRANSACTIONS).tag("function", config.functionName())
                .register(registry)
                .record(java.time.Duration.ofNanos(nanos));
        DistributionSummary.builder(TRANSACTION_EVENTS).tag("function", config.functionName())
                .register(registry)
                .record(events);
    }

    /** Knative deliveries waiting for a transaction slot (group commit), read whenever metrics are scraped. */
    public void waiting(Supplier<Number> count) {
        Gauge.builder(WAITING, count).tag("function", config.functionName()).register(registry);
    }

    /** Registers the gauge of derived events the outbox relay holds in memory. */
    public void outboxQueued(Supplier<Number> count) {
        Gauge.builder(OUTBOX_QUEUED, count).tag("function", config.functionName()).register(registry);
    }

    /**
     * The counter of one name and event type, registered once: the hot path looks it up in a map instead of building
     * and registering a meter id per event. Types come from records (a skipped record's {@code ce_type} is whatever
     * its producer wrote), so past {@link #MOST_TYPES} distinct ones they are counted as {@code other}: a topic full
     * of made-up types cannot grow the registry without bound.
     */
    private Counter counter(String name, String type) {
        return counters.computeIfAbsent(name, n -> new ConcurrentHashMap<>()).computeIfAbsent(typeTag(type),
                t -> registry.counter(name, "function", config.functionName(), "type", t));
    }

    private String typeTag(String type) {
        if (type == null) {
            return "unknown";
        }
        if (types.contains(type)) {
            return type;
        }
        synchronized (types) {
            if (types.size() < MOST_TYPES) {
                types.add(type);
                return type;
            }
        }
        return "other";
    }
}
