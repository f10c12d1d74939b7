package dev.eventfold.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** ingest's own configuration ({@code eventfold.ingest.*}); the shared keys come from the runtime jars. */
@ConfigMapping(prefix = "eventfold.ingest")
public interface IngestConfig {

    /** Largest request body, in bytes; a larger one is answered 413 before it is parsed. */
    @WithDefault("1048576")
    int maxBodyBytes();

    /** Largest serialised {@code data} of one event, in bytes. */
    @WithDefault("65536")
    int maxDataBytes();

    /** How long a request waits for Kafka to acknowledge its events before it is answered 503. */
    @WithDefault("30s")
    Duration publishTimeout();

    /** Proxies (comma-separated addresses or CIDR ranges) whose {@code X-Forwarded-For} is believed. */
    Optional<String> trustedProxies();

    Producer producer();

    Pixel pixel();

    interface Producer {
        /** How long the producer waits to fill a batch, in milliseconds. */
        @WithDefault("5")
        int lingerMs();
    }

    interface Pixel {
        /** The HMAC key of signed pixel URLs; without it no pixel hit counts as a view. */
        Optional<String> signingKey();

        /** Pixel hits waiting to be published; when full, hits are dropped and counted. */
        @WithDefault("10000")
        int bufferSize();

        /** How long a shutdown waits for buffered hits to be published. */
        @WithDefault("20s")
        Duration shutdownTimeout();
    }
}
