package dev.eventfold.ingest.publish;

import dev.eventfold.ingest.domain.PageViews;
import dev.eventfold.ingest.store.PageDirectory;
import dev.eventfold.model.CloudEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Decouples the tracking pixel from Kafka: hits go into a bounded in-memory queue (never blocking the page) and one
 * background thread resolves each page's organization and sends the page-viewed event. When the queue is full the
 * hit is dropped, counted ({@code eventfold.ingest.pixel.dropped}) and logged at most every 10 seconds.
 * Pixel events are at-most-once by design: a crash loses what is still queued.
 */
@ApplicationScoped
public class PixelBuffer {

    private static final Logger LOG = Logger.getLogger(PixelBuffer.class);

    private final BlockingQueue<PixelHit> queue;
    private final PageDirectory pages;
    private final EventPublisher publisher;
    private final Counter dropped;
    private final Counter unknownPage;
    private final Counter recorded;
    private final Counter failed;
    private final RateLimitedLog dropLog = new RateLimitedLog(LOG, Duration.ofSeconds(10));
    private final RateLimitedLog failLog = new RateLimitedLog(LOG, Duration.ofSeconds(10));
    private volatile boolean running = true;
    private Thread drainer;

    public PixelBuffer(PageDirectory pages, EventPublisher publisher, MeterRegistry registry,
                       @ConfigProperty(name = "eventfold.ingest.pixel.buffer-size", defaultValue = "10000") int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.pages = pages;
        this.publisher = publisher;
        this.dropped = Counter.builder("eventfold.ingest.pixel.dropped")
                .description("Pixel hits dropped because the buffer was full").register(registry);
        this.unknownPage = Counter.builder("eventfold.ingest.pixel.unknown_page")
                .description("Pixel hits for a page ingest has no page.created for").register(registry);
        this.recorded = Counter.builder("eventfold.ingest.pixel.recorded")
                .description("Page-viewed events acknowledged by Kafka").register(registry);
        this.failed = Counter.builder("eventfold.ingest.pixel.failed")
                .description("Page-viewed events that could not be resolved or sent").register(registry);
        registry.gaugeCollectionSize("eventfold.ingest.pixel.buffered", java.util.List.of(), queue);
    }

    void start(@Observes StartupEvent event) {
        drainer = new Thread(this::drain, "ingest-pixel-drainer");
        drainer.setDaemon(true);
        drainer.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (drainer != null) {
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

    private void drain() {
        while (running) {
            PixelHit hit;
            try {
                hit = queue.poll(1, TimeUnit.SECONDS);
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
            Optional<String> owner = pages.ownerOf(hit.pageId());
            if (owner.isEmpty()) {
                unknownPage.increment();
                return;
            }
            CloudEvent event = PageViews.event(hit.pageId(), owner.get(), hit.ip(), hit.userAgent(), hit.referrer(),
                    hit.visitorId(), hit.at());
            publisher.sendAsync(event, (metadata, error) -> {
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
