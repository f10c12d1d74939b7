package dev.eventfold.integrations;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** The integrations function's own keys ({@code eventfold.integrations.*}): credential key, HTTP, rate, replay. */
@ConfigMapping(prefix = "eventfold.integrations")
public interface IntegrationsConfig {

    /**
     * AES-256 key of the credentials at rest, base64 of 32 bytes ({@code EVENTFOLD_INTEGRATIONS_CREDENTIAL_KEY}
     * from a Secret). Required in production mode; dev and test use a fixed development key.
     */
    Optional<String> credentialKey();

    /** Whether destinations may have plain {@code http} base URLs (tests; never in production). */
    @WithDefault("false")
    boolean allowHttp();

    /** Requests per second to one destination unless the destination sets its own {@code rateLimit}. */
    @WithDefault("5")
    int defaultRateLimit();

    @WithDefault("5s")
    Duration connectTimeout();

    /** Longest wait for a tool's whole answer; longer counts as no answer (retried). */
    @WithDefault("30s")
    Duration responseTimeout();

    /** Most bytes of a tool's answer that are read (per-item results of a 200-record batch fit). */
    @WithDefault("262144")
    int maxResponseBytes();

    Replay replay();

    /** Replays: reading the log again for a newly connected destination. */
    interface Replay {

        /** Records one poll of the replay consumer returns at most (its memory bound). */
        @WithDefault("500")
        int maxPollRecords();

        /** How long a replay waits for new records before it calls the log read up to its end. */
        @WithDefault("2s")
        Duration idleTimeout();
    }
}
