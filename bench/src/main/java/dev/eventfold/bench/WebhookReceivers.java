package dev.eventfold.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The webhooks bench's local endpoints on 127.0.0.1, one Vert.x server each: 10 % slow (answer after 3 s), 10 %
 * failing (500), the rest healthy (204 at once), recording end-to-end latency by {@code webhook-id} (its
 * {@link #sentAt} time) of the events sent from {@link #measureFrom} on: in one histogram and in one per
 * {@link #SLICE_NANOS} of send time (so a transient shows where it was), and counting every healthy receipt of any
 * known event ({@link #healthyAll}: what was delivered in a window, whenever its event was sent).
 */
final class WebhookReceivers {

    final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    /** The width of a latency slice: events sent within one slice of the measured window share a histogram. */
    static final long SLICE_NANOS = TimeUnit.SECONDS.toNanos(5);
    final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(120), 3);
    final List<Histogram> slices = new ArrayList<>();
    final AtomicLong healthyAll = new AtomicLong();
    final AtomicLong healthyReceived = new AtomicLong();
    final AtomicLong slowReceived = new AtomicLong();
    final AtomicLong failingReceived = new AtomicLong();
    final List<String> urls = new ArrayList<>();
    final List<String> kinds = new ArrayList<>();
    volatile long measureFrom = Long.MAX_VALUE;

    WebhookReceivers(Vertx vertx, int endpoints) throws Exception {
        for (int i = 0; i < endpoints; i++) {
            String kind = i % 10 == 0 ? "slow" : i % 10 == 1 ? "failing" : "healthy";
            HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onComplete(body -> {
                long now = System.nanoTime();
                switch (kind) {
                    case "slow" -> {
                        slowReceived.incrementAndGet();
                        vertx.setTimer(3000, t -> request.response().setStatusCode(200).end());
                    }
                    case "failing" -> {
                        failingReceived.incrementAndGet();
                        request.response().setStatusCode(500).end("no");
                    }
                    default -> {
                        Long sent = sentAt.get(request.getHeader("webhook-id"));
                        if (sent != null) {
                            healthyAll.incrementAndGet();
                        }
                        if (sent != null && sent >= measureFrom) {
                            long latency = Math.max(0, now - sent);
                            int slice = (int) ((sent - measureFrom) / SLICE_NANOS);
                            synchronized (histogram) {
                                histogram.recordValue(latency);
                                while (slices.size() <= slice) {
                                    slices.add(new Histogram(TimeUnit.SECONDS.toNanos(120), 3));
                                }
                                slices.get(slice).recordValue(latency);
                            }
                            healthyReceived.incrementAndGet();
                        }
                        request.response().setStatusCode(204).end();
                    }
                }
            })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            urls.add("http://127.0.0.1:" + server.actualPort() + "/hook");
            kinds.add(kind);
        }
    }

    long count(String kind) {
        return kinds.stream().filter(kind::equals).count();
    }
}
