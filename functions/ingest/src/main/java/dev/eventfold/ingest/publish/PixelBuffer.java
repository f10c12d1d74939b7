package dev.eventfold.ingest.publish;

import dev.eventfold.ingest.IngestConfig;
import dev.eventfold.ingest.domain.PageViews;
import dev.eventfold.ingest.domain.PixelSigner;
import dev.eventfold.ingest.store.PageDirectory;
import dev.eventfold.model.CloudEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.Callback;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Decouples the tracking pixel from Kafka: hits go into a bounded in-memory queue (never blocking the page) and one
 * background thread resolves each page's organization, checks the hit's URL signature against it and sends the
 * page-viewed event; a hit whose signature does not verify is counted ({@code eventfold.ingest.pixel.unsigned}) and
 * not published. When the queue is full the hit is dropped, counted ({@code eventfold.ingest.pixel.dropped}) and
 * logged at most every 10 seconds. At shutdown the queue is drained (up to {@code
 * eventfold.ingest.pixel.shutdown-timeout}) before the Kafka producer closes and flushes; only a crash loses what
 * is still queued (pixel events are at-most-once).
 */
@ApplicationScoped
public class PixelBuffer {

    private static final Logger LOG = Logger.getLogger(PixelBuffer.class);

    private final BlockingQueue<PixelHit> queue;
    private final Function<String, Optional<String>> owners;
    private final BiConsumer<CloudEvent, Callback> sender;
    private final Optional<PixelSigner> signer;
    private final Duration shutdownTimeout;
    private final Counter dropped;
    private final Counter unknownPage;
    private final Counter unsigned;
    private final Counter recorded;
    private final Counter failed;
    private final RateLimitedLog dropLog = new RateLimitedLog(LOG, Duration.ofSeconds(10));
    private final RateLimitedLog failLog = new RateLimitedLog(LOG, Duration.ofSeconds(10));
    private volatile boolean running = true;
    private Thread drainer;

    @Inject
    public PixelBuffer(PageDirectory pages, EventPublisher publisher, PixelSigning signing, MeterRegistry registry,
                       IngestConfig config) {
        this(pages::ownerOf, publisher::sendAsync, signing.signer(), registry, config.pixel().bufferSize(),
                config.pixel().shutdownTimeout());
    }

    /** The buffer over any owner lookup and sender (tests give their own). */
    PixelBuffer(Function<String, Optional<String>> owners, BiConsumer<CloudEvent, Callback> sender,
                Optional<PixelSigner> signer, MeterRegistry registry, int capacity, Duration shutdownTimeout) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.owners = owners;
        this.sender = sender;
        this.signer = signer;
        this.shutdownTimeout = shutdownTimeout;
        this.dropped = Counter.builder("eventfold.ingest.pixel.dropped")
                .description("Pixel hits dropped because the buffer was full").register(registry);
        this.unknownPage = Counter.builder("eventfold.ingest.pixel.unknown_page")
                .description("Pixel hits for a page ingest has no page.created for").register(registry);
        this.unsigned = Counter.builder("eventfold.ingest.pixel.unsigned")
                .description("Pixel hits without a valid URL signature: answered, not counted as views").register(registry);
        this.recorded = Counter.builder("eventfold.ingest.pixel.recorded")
                .description("Page-viewed events acknowledged by Kafka").register(registry);
        this.failed = Counter.builder("eventfold.ingest.pixel.failed")
                .description("Page-viewed events that could not be resolved or sent").register(registry);
        registry.gaugeCollectionSize("eventfold.ingest.pixel.buffered", java.util.List.of(), queue);
    }

    void start(@Observes StartupEvent event) {
        start();
    }

    void start() {
        drainer = new Thread(this::drain, "ingest-pixel-drainer");
        drainer.setDaemon(true);
        drainer.start();
    }

    /** Runs before the producer is disposed: what is queued is sent, not dropped. */
    void stop(@Observes ShutdownEvent event) {
        stop();
    }

    void stop() {
        running = false;
        if (drainer == null) {
            return;
        }
        try {
            drainer.join(shutdownTimeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (drainer.isAlive()) {
            LOG.warnf("Pixel buffer not drained within %s: %d hits not recorded", shutdownTimeout, queue.size());
            drainer.interrupt();
        }
    }

    /** Queues a hit without blocking; false (and counted) when the buffer is full. */
    public boolean offer(PixelHit hit) {
        if (queue.offer(hit)) {
            return true;
        }
        dropped.increment();
        dropLog.warn("Pixel buffer full (" + (queue.size() + queue.remainingCapacity())
                + " hits): dropping page views; Kafka or PostgreSQL is slow or down", null);
        return false;
    }

    /** Counts a hit answered without entering the buffer because its URL carries no signature at all. */
    public void unsigned() {
        unsigned.increment();
    }

    private void drain() {
        while (running || !queue.isEmpty()) {
            PixelHit hit;
            try {
                hit = running ? queue.poll(1, TimeUnit.SECONDS) : queue.poll();
            } catch (InterruptedException e) {
                return;
            }
            if (hit != null) {
                send(hit);
            }
        }
    }

    private void send(PixelHit hit) {
        try {
            Optional<String> owner = owners.apply(hit.pageId());
            if (owner.isEmpty()) {
                unknownPage.increment();
                return;
            }
            if (signer.isEmpty() || !signer.get().verify(owner.get(), hit.pageId(), hit.recipient(), hit.signature())) {
                unsigned.increment();
                return;
            }
            CloudEvent event = PageViews.event(hit.pageId(), owner.get(), hit.ip(), hit.userAgent(), hit.referrer(),
                    hit.visitorId(), hit.at()).withTrace(hit.traceparent(), null);
            sender.accept(event, (metadata, error) -> {
                if (error == null) {
                    recorded.increment();
                } else {
                    failed.increment();
                    failLog.warn("Page-viewed event not recorded", error);
                }
            });
        } catch (RuntimeException e) {
            failed.increment();
            failLog.warn("Page-viewed event not recorded", e);
        }
    }
}
