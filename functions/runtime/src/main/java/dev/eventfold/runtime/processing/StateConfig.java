package dev.eventfold.runtime.processing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.Optional;

/** The stateful layer's keys ({@code eventfold.*}); the function's own keys live in its own mapping. */
@ConfigMapping(prefix = "eventfold")
public interface StateConfig {

    /** Development pepper only; production sets {@code EVENTFOLD_API_KEY_PEPPER} from a Secret. */
    String DEV_PEPPER = "eventfold-dev-pepper-change-me";

    /** The function's PostgreSQL schema; by default the function name with underscores ({@link RuntimeConfig}). */
    @WithName("schema")
    Optional<String> configuredSchema();

    ApiKey apiKey();

    Outbox outbox();

    Funqy funqy();

    Dedup dedup();

    Admin admin();

    interface Admin {
        /** {@code X-Admin-Token} of the operator endpoints ({@code /admin/redrive}); unset: they answer 404. */
        Optional<String> token();
    }

    interface ApiKey {
        /** HMAC pepper of API key hashes, identical in ingest and every function. */
        @WithDefault(DEV_PEPPER)
        String pepper();
    }

    interface Outbox {
        /**
         * Most derived events the relay holds in memory for a direct send; past it, it holds only who waits and
         * sends from the outbox table instead (a Kafka outage never fills the heap).
         */
        @WithDefault("10000")
        int maxQueued();

        /** How often leftover outbox rows are looked for ({@code 0} = never). */
        @WithDefault("10s")
        Duration flushInterval();

        /** How old a row must be before the timer sends it (another replica may still be sending it). */
        @WithDefault("10s")
        Duration minAge();
    }

    interface Dedup {
        /**
         * How long an event's dedup record is kept; a redelivery older than this is applied again. Keep it above
         * the longest a copy can arrive late: the events topic's retention, a KafkaSource's retry budget, a replay
         * window. {@code 0} keeps records forever.
         */
        @WithDefault("P30D")
        Duration retention();

        /** How often records past the retention are deleted. */
        @WithDefault("1h")
        Duration pruneInterval();
    }

    interface Funqy {
        /** Knative path: processing transactions in flight at once (group commit). */
        @WithDefault("2")
        int maxTransactions();

        /** Knative path: most deliveries one transaction takes. */
        @WithDefault("100")
        int maxBatch();

        /**
         * Knative path: most deliveries waiting for a transaction; one more is answered 503 with {@code Retry-After}
         * (the KafkaSource retries it), so a stalled database never fills the heap with waiting requests.
         */
        @WithDefault("1000")
        int maxWaiting();

        /** Knative path: the {@code Retry-After} of a delivery refused because the queue is full. */
        @WithDefault("1s")
        Duration retryAfter();
    }
}
