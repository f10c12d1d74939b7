package dev.eventfold.ingest.publish;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pixel's buffer is bounded and never blocks: with nothing draining it (Kafka stuck), hits beyond its capacity
 * are refused at once and counted as dropped.
 */
class PixelBufferTest {

    @Test
    void aFullBufferDropsAndCountsInsteadOfBlocking() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        PixelBuffer buffer = new PixelBuffer(null, null, registry, 2);   // not started: nothing drains it

        boolean first = buffer.offer(hit("p-1"));
        boolean second = buffer.offer(hit("p-2"));
        boolean third = buffer.offer(hit("p-3"));
        boolean fourth = buffer.offer(hit("p-4"));

        assertThat(first).isTrue();
        assertThat(second).isTrue();
        assertThat(third).isFalse();
        assertThat(fourth).isFalse();
        assertThat(registry.get("eventfold.ingest.pixel.dropped").counter().count()).isEqualTo(2.0);
        assertThat(registry.get("eventfold.ingest.pixel.buffered").gauge().value()).isEqualTo(2.0);
    }

    private static PixelHit hit(String pageId) {
        return new PixelHit(pageId, "203.0.113.7", "UA", null, "v-1", Instant.now());
    }
}
