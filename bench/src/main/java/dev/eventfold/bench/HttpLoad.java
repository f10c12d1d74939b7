package dev.eventfold.bench;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventCodec;
import dev.eventfold.model.Json;
import dev.eventfold.model.KafkaBinding;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Fixed-concurrency HTTP load: each lane sends its requests one after another (so a lane keeps its order, like a
 * KafkaSource partition), recording each round trip in an HdrHistogram. All lanes share one Vert.x event loop and
 * keep-alive connections, so that the generator, which shares the machine with what it measures, stays light.
 */
final class HttpLoad {

    /** One request and the number of events it carries. */
    record Call(URI uri, Map<String, String> headers, byte[] body, int events) {
        /** The same request for the JDK client (one-off calls such as probes). */
        HttpRequest toRequest() {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(b::header);
            return b.build();
        }
    }

    /** What a load run measured. */
    record Outcome(long requests, long events, long acceptedEvents, long elapsedNanos, Histogram latencyMicros,
                   Map<Integer, Long> statuses, String firstError) {
        double eventsPerSecond() {
            return acceptedEvents * 1e9 / elapsedNanos;
        }

        double p(double percentile) {
            return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }

        String statusSummary() {
            return new TreeMap<>(statuses).toString();
        }
    }

    static final java.net.http.HttpClient CLIENT = java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    /** {@code BENCH_TRACE=<file>}: each run appends its requests' end times and latencies (µs), then "run". */
    private static final String TRACE = System.getenv("BENCH_TRACE");

    private HttpLoad() {
    }

    /** A run with a warm-up: the warm-up's figures and those of the steady window after it. */
    record Split(Outcome warmUp, Outcome measured) {
    }

    /** One run in which every request counts. */
    static Outcome run(List<List<Call>> lanes) {
        return run(lanes, 0, () -> {
        }).measured();
    }

    /**
     * One continuous load over keep-alive connections. The first {@code warmUp} requests to start are the warm-up;
     * {@code midWarmUp} runs on a thread of its own once half of them started. The measured window then runs from
     * the start of the first request after the warm-up to the moment the first lane runs out of requests, so every
     * measured request ran at the full concurrency on connections already open (a fresh start would measure 32
     * connections opening and arriving at once, which a KafkaSource's dispatcher does not do). Requests that
     * started in the window but ended after it are not counted. Without a warm-up every request counts.
     */
    static Split run(List<List<Call>> lanes, int warmUp, Runnable midWarmUp) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        try {
            HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                    .setConnectTimeout(5_000).setIdleTimeout(60), new PoolOptions().setHttp1MaxSize(lanes.size()));
            Run run = new Run(lanes.size(), warmUp / 2, midWarmUp);
            // every callback runs on the one event loop: the run's state needs no locks
            vertx.runOnContext(v -> {
                for (int i = 0; i < lanes.size(); i++) {
                    run.next(client, lanes.get(i), i, 0);
                }
            });
            if (!run.done.await(30, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the HTTP load did not finish within 30 minutes");
            }
            if (TRACE != null) {
                StringBuilder trace = new StringBuilder();
                run.samples.forEach(r -> trace.append(r.end() / 1000).append(' ').append((r.end() - r.start()) / 1000)
                        .append('\n'));
                java.nio.file.Files.writeString(java.nio.file.Path.of(TRACE), trace.append("run\n"),
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            }
            return run.split(warmUp);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    /** One request as it went. */
    private record Sample(long start, long end, int status, int events, String error) {
    }

    /** The state of one load run, touched only on its event loop. */
    private static final class Run {
        final List<Sample> samples = new java.util.ArrayList<>();
        final long[] laneEnds;
        final CountDownLatch done;
        final int midWarmUpAt;
        final Runnable midWarmUp;
        int started;

        Run(int lanes, int midWarmUpAt, Runnable midWarmUp) {
            this.laneEnds = new long[lanes];
            this.done = new CountDownLatch(lanes);
            this.midWarmUpAt = midWarmUpAt;
            this.midWarmUp = midWarmUp;
        }

        void next(HttpClient client, List<Call> lane, int laneIndex, int index) {
            if (index == lane.size()) {
                laneEnds[laneIndex] = System.nanoTime();
                done.countDown();
                return;
            }
            if (++started == midWarmUpAt && midWarmUpAt > 0) {
                new Thread(midWarmUp, "mid-warm-up").start();
            }
            Call call = lane.get(index);
            long t0 = System.nanoTime();
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(call.uri().toString())
                    .setTimeout(60_000);
            call.headers().forEach(options::addHeader);
            client.request(options)
                    .compose(request -> request.send(Buffer.buffer(call.body())))
                    .compose(response -> response.body().map(body -> {
                        int status = response.statusCode();
                        samples.add(new Sample(t0, System.nanoTime(), status, call.events(),
                                status >= 200 && status < 300 ? null : body.toString(StandardCharsets.UTF_8)));
                        return null;
                    }))
                    .onFailure(failure -> samples.add(new Sample(t0, System.nanoTime(), -1, call.events(), failure.toString())))
                    .onComplete(ignored -> next(client, lane, laneIndex, index + 1));
        }

        Split split(int warmUp) {
            List<Sample> byStart = new java.util.ArrayList<>(samples);
            byStart.sort(java.util.Comparator.comparingLong(Sample::start));
            long first = byStart.get(0).start();
            if (warmUp <= 0 || warmUp >= byStart.size()) {
                long last = byStart.stream().mapToLong(Sample::end).max().orElse(first);
                return new Split(null, outcome(byStart, first, last));
            }
            long from = byStart.get(warmUp).start();
            long to = java.util.Arrays.stream(laneEnds).min().orElseThrow();
            return new Split(outcome(byStart.subList(0, warmUp), first, from),
                    outcome(byStart.stream().filter(r -> r.start() >= from && r.end() <= to).toList(), from, to));
        }

        private static Outcome outcome(List<Sample> window, long from, long to) {
            Histogram histogram = new Histogram(60_000_000L, 3);
            Map<Integer, Long> statuses = new HashMap<>();
            long events = 0;
            long accepted = 0;
            String firstError = null;
            for (Sample r : window) {
                histogram.recordValue(Math.min((r.end() - r.start()) / 1000, histogram.getHighestTrackableValue()));
                statuses.merge(r.status(), 1L, Long::sum);
                events += r.events();
                if (r.error() == null) {
                    accepted += r.events();
                } else if (firstError == null) {
                    firstError = r.status() + " " + r.error().substring(0, Math.min(300, r.error().length()));
                }
            }
            return new Outcome(window.size(), events, accepted, Math.max(1, to - from), histogram, statuses, firstError);
        }
    }

    /**
     * Events split into lanes by subject, so each subject's events keep their order within one lane; each subject
     * goes to the lane with the fewest events so far, so that all lanes stay busy until close to the end (a run
     * whose last seconds have few lanes left would report the latency of a lower concurrency).
     */
    static List<List<CloudEvent>> lanesBySubject(List<CloudEvent> events, int lanes) {
        Map<String, List<CloudEvent>> bySubject = new LinkedHashMap<>();
        events.forEach(e -> bySubject.computeIfAbsent(e.subject(), k -> new java.util.ArrayList<>()).add(e));
        java.util.PriorityQueue<List<CloudEvent>> shortest = new java.util.PriorityQueue<>(
                java.util.Comparator.comparingInt(List::size));
        List<List<CloudEvent>> out = new java.util.ArrayList<>();
        for (int i = 0; i < lanes; i++) {
            out.add(new java.util.ArrayList<>());
            shortest.add(out.get(i));
        }
        for (List<CloudEvent> subject : bySubject.values()) {
            List<CloudEvent> lane = shortest.poll();
            lane.addAll(subject);
            shortest.add(lane);
        }
        return out;
    }

    /** A binary-mode CloudEvent POST: attributes in ce-* headers, the data as the JSON body. */
    static Call binary(URI uri, CloudEvent event, Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", CloudEvent.JSON);
        var structured = EventCodec.encode(event);
        structured.fieldNames().forEachRemaining(name -> {
            if (!name.equals("data") && !name.equals("datacontenttype")) {
                headers.put("ce-" + name, structured.get(name).asText());
            }
        });
        headers.putAll(extraHeaders);
        return new Call(uri, headers, KafkaBinding.dataBytes(event), 1);
    }

    /** A structured batch POST ({@code application/cloudevents-batch+json}). */
    static Call batch(URI uri, List<CloudEvent> events, Map<String, String> extraHeaders) {
        var array = Json.MAPPER.createArrayNode();
        events.forEach(e -> array.add(EventCodec.encode(e)));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/cloudevents-batch+json");
        headers.putAll(extraHeaders);
        return new Call(uri, headers, array.toString().getBytes(StandardCharsets.UTF_8), events.size());
    }
}
