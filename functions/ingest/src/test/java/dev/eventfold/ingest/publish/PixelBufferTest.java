package dev.eventfold.ingest.publish;

import dev.eventfold.ingest.domain.PixelSigner;
import dev.eventfold.model.CloudEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pixel's buffer is bounded and never blocks: with nothing draining it (Kafka stuck), hits beyond its capacity
 * are refused at once and counted as dropped. Drained, it publishes only hits whose URL signature verifies against
 * the page's organization, absorbs a burst of hits for unknown pages without dropping any, and at shutdown sends
 * what is still queued instead of dropping it.
 */
class PixelBufferTest {

    private static final PixelSigner SIGNER = new PixelSigner("unit-test-signing-key-0123");

    @Test
    void aFullBufferDropsAndCountsInsteadOfBlocking() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        PixelBuffer buffer = new PixelBuffer(page -> Optional.empty(), (event, callback) -> { }, Optional.of(SIGNER),
                registry, 2, Duration.ofSeconds(1));   // not started: nothing drains it

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

    @Test
    void whatIsQueuedAtShutdownIsSentNotDropped() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<CloudEvent> sent = new CopyOnWriteArrayList<>();
        PixelBuffer buffer = new PixelBuffer(page -> {
            sleep(1);   // an owner lookup that takes a while: the queue is far from drained when stop() comes
            return Optional.of("org-1");
        }, (event, callback) -> sent.add(event), Optional.of(SIGNER), registry, 10_000, Duration.ofSeconds(30));
        for (int i = 0; i < 1_000; i++) {
            assertThat(buffer.offer(signedHit("org-1", "p-" + i))).isTrue();
        }

        buffer.start();
        buffer.stop();

        assertThat(sent).hasSize(1_000);
        assertThat(registry.get("eventfold.ingest.pixel.buffered").gauge().value()).isZero();
    }

    @Test
    void onlyHitsSignedForThePagesOrganizationArePublished() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<CloudEvent> sent = new CopyOnWriteArrayList<>();
        PixelBuffer buffer = new PixelBuffer(page -> Optional.of("org-1"), (event, callback) -> sent.add(event),
                Optional.of(SIGNER), registry, 100, Duration.ofSeconds(10));
        buffer.offer(signedHit("org-1", "p-1"));
        buffer.offer(signedHit("org-2", "p-2"));   // signed for another organization than the page's owner
        buffer.offer(new PixelHit("p-3", "r@example.com", "forged", "203.0.113.7", "UA", null, "v-1", Instant.now()));

        buffer.start();
        buffer.stop();

        assertThat(sent).extracting(CloudEvent::subject).containsExactly("p-1");
        assertThat(registry.get("eventfold.ingest.pixel.unsigned").counter().count()).isEqualTo(2.0);
    }

    @Test
    void thirtyTwoThousandHitsASecondForUnknownPagesAreAbsorbedWithoutDropping() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AtomicLong lookups = new AtomicLong();
        PixelBuffer buffer = new PixelBuffer(page -> {
            lookups.incrementAndGet();
            return Optional.empty();
        }, (event, callback) -> { }, Optional.of(SIGNER), registry, 10_000, Duration.ofSeconds(30));
        buffer.start();

        long start = System.nanoTime();
        for (int i = 0; i < 32_000; i++) {
            buffer.offer(signedHit("org-1", "unknown-" + i));
            if (i % 1_000 == 999) {   // paced at 32,000 a second
                long due = start + (i + 1) * 1_000_000_000L / 32_000;
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
            }
        }
        buffer.stop();

        assertThat(registry.get("eventfold.ingest.pixel.dropped").counter().count()).isZero();
        assertThat(registry.get("eventfold.ingest.pixel.unknown_page").counter().count()).isEqualTo(32_000.0);
        assertThat(lookups.get()).isEqualTo(32_000);
    }

    private static PixelHit hit(String pageId) {
        return new PixelHit(pageId, null, null, "203.0.113.7", "UA", null, "v-1", Instant.now());
    }

    private static PixelHit signedHit(String orgId, String pageId) {
        return new PixelHit(pageId, "r@example.com", SIGNER.sign(orgId, pageId, "r@example.com"), "203.0.113.7", "UA",
                null, "v-1", Instant.now());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
