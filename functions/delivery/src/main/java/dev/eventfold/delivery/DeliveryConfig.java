package dev.eventfold.delivery;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;

/** The delivery machinery's keys ({@code eventfold.delivery.*}): retry schedule, SSRF guard, HTTP bounds, worker. */
@ConfigMapping(prefix = "eventfold.delivery")
public interface DeliveryConfig {

    /** Delay before each attempt: the first is the initial delivery; after the last failed attempt the message fails. */
    @WithDefault("0s,5s,5m,30m,2h,5h,10h,10h")
    List<Duration> retrySchedule();

    /** Random spread of each retry delay, as a fraction (0.2: ±20 %), so that destinations coming back are not stampeded. */
    @WithDefault("0.2")
    double jitter();

    /** Longest wait a {@code Retry-After} may ask for. */
    @WithDefault("24h")
    Duration maxRetryAfter();

    /** Whether destinations may resolve to loopback addresses (tests; never in production). */
    @WithDefault("false")
    boolean allowLoopback();

    /** Whether destinations may resolve to private, link-local or unique-local addresses (cloud metadata stays refused). */
    @WithDefault("false")
    boolean allowPrivate();

    /** Whether plain {@code http} URLs are accepted (else only {@code https}). */
    @WithDefault("false")
    boolean allowHttp();

    @WithDefault("5s")
    Duration connectTimeout();

    /** Longest wait for a whole response; longer counts as a failed attempt. */
    @WithDefault("15s")
    Duration responseTimeout();

    /** Connections kept per destination host by {@code GuardedHttpClient}. */
    @WithDefault("8")
    int maxConnectionsPerHost();

    /** How long a claimed message stays invisible to other replicas (a crashed sender's claim expires then). */
    @WithDefault("2m")
    Duration claimLease();

    /**
     * How often the worker looks for due messages without being woken: new and replayed messages wake it at once
     * ({@link Wakeup}), so the poll serves what comes due by time alone (retries, expired claims, closed circuits,
     * refilled rate tokens).
     */
    @WithDefault("1s")
    Duration pollInterval();

    /** Most messages in flight in one replica (its delivery concurrency); also the most claimed in one round. */
    @WithDefault("64")
    int maxInFlight();

    /**
     * Most messages of one destination in flight in one replica (its concurrency cap), so that a slow destination
     * holds at most this many of the replica's slots.
     */
    @WithDefault("8")
    int destinationMaxInFlight();

    /** Destinations whose limits (in-flight counts, rate tokens) one replica tracks at most; idle ones are dropped first. */
    @WithDefault("10000")
    int maxTrackedDestinations();

    CircuitBreaker circuitBreaker();

    /** Opens a destination's circuit after consecutive failures; while open it gets nothing, then one probe at a time. */
    interface CircuitBreaker {

        /** Consecutive failed batches (no answer, or 5xx) that open the circuit. */
        @WithDefault("5")
        int failureThreshold();

        /** How long an opened circuit stays open before a probe. */
        @WithDefault("30s")
        Duration openFor();
    }

    Retention retention();

    /** Pruning of old attempts (finished messages keep their state; only their attempt records go). */
    interface Retention {

        /** Attempts older than this are deleted. */
        @WithDefault("30d")
        Duration attempts();

        /** How often this replica prunes. */
        @WithDefault("1h")
        Duration interval();

        /** Most attempts deleted per statement (the pruning repeats until none is left). */
        @WithDefault("5000")
        int batchSize();
    }

    Wakeup wakeup();

    /**
     * Waking the workers when messages become due now: this replica's right after the enqueue (or replay) commits,
     * the other replicas' through PostgreSQL {@code NOTIFY} in the same transaction.
     */
    interface Wakeup {

        /** Whether enqueues and replays send {@code NOTIFY} on the schema's delivery channel. */
        @WithDefault("true")
        boolean notifyReplicas();

        /** Whether this replica's worker {@code LISTEN}s on that channel (one dedicated connection). */
        @WithDefault("true")
        boolean listen();

        /**
         * Shortest time between the starts of two claims woken in one replica: wake-ups within it share the next
         * claim, which bounds the claims per second (each walks every active destination) under any load.
         */
        @WithDefault("20ms")
        Duration minInterval();
    }

    Worker worker();

    /** The delivery worker of this replica. */
    interface Worker {

        @WithDefault("true")
        boolean enabled();
    }
}
