package dev.eventfold.integrations;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * The integrations function's own keys ({@code eventfold.integrations.*}): credential key, rate, answers, replay.
 * Retries, timeouts, the SSRF guard and the worker are function-delivery's ({@code eventfold.delivery.*}).
 */
@ConfigMapping(prefix = "eventfold.integrations")
public interface IntegrationsConfig {

    /**
     * AES-256 key of the credentials at rest, base64 of 32 bytes ({@code EVENTFOLD_INTEGRATIONS_CREDENTIAL_KEY}
     * from a Secret). Required in production mode; dev and test use a fixed development key.
     */
    Optional<String> credentialKey();

    /** Requests per second to one destination (per replica) unless the destination sets its own {@code rateLimit}. */
    @WithDefault("5")
    int defaultRateLimit();

    /** Most bytes of a tool's answer that are read (the per-record results of a 200-record batch fit). */
    @WithDefault("262144")
    int maxResponseBytes();

    Replay replay();

    /** Replays: reading the log again for a newly connected destination. */
    interface Replay {

        /** Records one poll of the replay consumer returns at most (its memory bound). */
        @WithDefault("500")
        int maxPollRecords();

        /** Replays running at once in one replica; more are refused with 429 until one finishes. */
        @WithDefault("2")
        int maxConcurrent();
    }

    /** How long the replay consumer waits in one poll. */
    @WithDefault("1s")
    Duration replayPollTimeout();
}
