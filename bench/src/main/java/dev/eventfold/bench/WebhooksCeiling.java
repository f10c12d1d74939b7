package dev.eventfold.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

import java.net.URI;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The webhooks bench harness's own ceiling: the same receivers ({@link WebhookReceivers}, in this JVM) answering a
 * plain Vert.x client (keep-alive, 8 connections per endpoint, like the function's) that sends every healthy
 * endpoint its share of {@code rate} requests/s for {@code seconds}, no broker, database or function involved.
 * What it reaches is the most the bench could measure on this machine. Not a test:
 * {@code java -cp bench/target/bench.jar dev.eventfold.bench.WebhooksCeiling [rate] [endpoints] [seconds]}.
 */
public final class WebhooksCeiling {

    private WebhooksCeiling() {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int endpoints = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        Vertx receiverVertx = Vertx.vertx();
        Vertx clientVertx = Vertx.vertx();
        WebhookReceivers receivers = new WebhookReceivers(receiverVertx, endpoints);
        HttpClient client = clientVertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setMaxPoolSize(8));
        var healthy = receivers.urls.stream().filter(u -> receivers.kinds.get(receivers.urls.indexOf(u)).equals("healthy"))
                .map(URI::create).toList();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        receivers.measureFrom = start;
        long total = (long) rate * seconds;
        for (long n = 0; n < total; n++) {
            long due = start + n * 1_000_000_000L / rate;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                if (wait > 200_000) {
                    Thread.sleep(0, 100_000);
                }
            }
            URI uri = healthy.get((int) (n % healthy.size()));
            String id = UUID.randomUUID().toString();
            receivers.sentAt.put(id, System.nanoTime());
            clientVertx.runOnContext(v -> client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost(uri.getHost())
                            .setPort(uri.getPort()).setURI(uri.getPath()).putHeader("webhook-id", id))
                    .compose(request -> request.send("{\"views\":1}"))
                    .compose(response -> response.body())
                    .onFailure(e -> failed.incrementAndGet()));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (receivers.healthyReceived.get() + failed.get() < total && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        double window = (System.nanoTime() - start) / 1e9;
        synchronized (receivers.histogram) {
            System.out.printf(Locale.ROOT, "harness ceiling: %d requests/s offered to %d healthy receivers for %d s: %,d received"
                            + " (%,.0f/s), %d failed; request → receipt p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    rate, healthy.size(), seconds, receivers.healthyReceived.get(), receivers.healthyReceived.get() / window,
                    failed.get(), receivers.histogram.getValueAtPercentile(50) / 1e6,
                    receivers.histogram.getValueAtPercentile(99) / 1e6, receivers.histogram.getMaxValue() / 1e6);
        }
        System.exit(0);
    }
}
