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

    static StringBuilder TRACE = System.getenv("BENCH_TRACE") == null ? null : new StringBuilder();

    private HttpLoad() {
    }

    static Outcome run(List<List<Call>> lanes) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        try {
            HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
                    .setConnectTimeout(5_000).setIdleTimeout(60), new PoolOptions().setHttp1MaxSize(lanes.size()));
            Run run = new Run(lanes.size());
            long started = System.nanoTime();
            // every callback runs on the one event loop: the counters need no locks
            vertx.runOnContext(v -> lanes.forEach(lane -> run.next(client, lane, 0)));
            if (!run.done.await(30, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the HTTP load did not finish within 30 minutes");
            }
            long elapsed = System.nanoTime() - started;
            if (TRACE != null) {
                java.nio.file.Files.writeString(java.nio.file.Path.of(System.getenv("BENCH_TRACE")), TRACE.append("run\n"),
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                TRACE.setLength(0);
            }
            return new Outcome(run.requests, run.events, run.accepted, elapsed, run.histogram, run.statuses, run.firstError);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    /** The counters of one load run, touched only on its event loop. */
    private static final class Run {
        final Histogram histogram = new Histogram(60_000_000L, 3);
        final Map<Integer, Long> statuses = new HashMap<>();
        final CountDownLatch done;
        long requests;
        long events;
        long accepted;
        String firstError;

        Run(int lanes) {
            done = new CountDownLatch(lanes);
        }

        void next(HttpClient client, List<Call> lane, int index) {
            if (index == lane.size()) {
                done.countDown();
                return;
            }
            Call call = lane.get(index);
            long t0 = System.nanoTime();
            RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(call.uri().toString())
                    .setTimeout(60_000);
            call.headers().forEach(options::addHeader);
            client.request(options)
                    .compose(request -> request.send(Buffer.buffer(call.body())))
                    .compose(response -> response.body().map(body -> {
                        record(call, response.statusCode(), body.toString(StandardCharsets.UTF_8), t0);
                        return null;
                    }))
                    .onFailure(failure -> record(call, -1, failure.toString(), t0))
                    .onComplete(ignored -> next(client, lane, index + 1));
        }

        private void record(Call call, int status, String body, long t0) {
            long micros = (System.nanoTime() - t0) / 1000;
            if (TRACE != null) {
                TRACE.append(System.nanoTime() / 1000).append(' ').append(micros).append('\n');
            }
            histogram.recordValue(Math.min(micros, histogram.getHighestTrackableValue()));
            statuses.merge(status, 1L, Long::sum);
            requests++;
            events += call.events();
            if (status >= 200 && status < 300) {
                accepted += call.events();
            } else if (firstError == null) {
                firstError = status + " " + body.substring(0, Math.min(300, body.length()));
            }
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
