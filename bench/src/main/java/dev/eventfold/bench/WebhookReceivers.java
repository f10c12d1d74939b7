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
 * {@link #sentAt} time) from {@link #measureFrom} on.
 */
final class WebhookReceivers {

    final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(120), 3);
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
                        if (sent != null && sent >= measureFrom) {
                            synchronized (histogram) {
                                histogram.recordValue(Math.max(0, now - sent));
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
