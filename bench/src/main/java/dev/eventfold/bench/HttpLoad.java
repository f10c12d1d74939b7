package dev.eventfold.bench;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventCodec;
import dev.eventfold.model.Json;
import dev.eventfold.model.KafkaBinding;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fixed-concurrency HTTP load: one thread per lane sends its requests one after another (so a lane keeps its
 * order, like a KafkaSource partition), recording each round trip in an HdrHistogram.
 */
final class HttpLoad {

    /** One request and the number of events it carries. */
    record Call(HttpRequest request, int events) {
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

    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private HttpLoad() {
    }

    static Outcome run(List<List<Call>> lanes) {
        Histogram histogram = new Histogram(60_000_000L, 3);
        Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        AtomicLong events = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        AtomicLong requests = new AtomicLong();
        String[] firstError = {null};
        List<Thread> threads = new ArrayList<>();
        long started = System.nanoTime();
        for (List<Call> lane : lanes) {
            threads.add(new Thread(() -> {
                for (Call call : lane) {
                    long t0 = System.nanoTime();
                    int status;
                    String body = null;
                    try {
                        HttpResponse<String> r = CLIENT.send(call.request(), HttpResponse.BodyHandlers.ofString());
                        status = r.statusCode();
                        body = r.body();
                    } catch (Exception e) {
                        status = -1;
                        body = e.toString();
                    }
                    long micros = (System.nanoTime() - t0) / 1000;
                    synchronized (histogram) {
                        histogram.recordValue(Math.min(micros, histogram.getHighestTrackableValue()));
                    }
                    statuses.merge(status, 1L, Long::sum);
                    requests.incrementAndGet();
                    events.addAndGet(call.events());
                    if (status >= 200 && status < 300) {
                        accepted.addAndGet(call.events());
                    } else {
                        synchronized (firstError) {
                            if (firstError[0] == null) {
                                firstError[0] = status + " " + (body == null ? "" : body.substring(0, Math.min(300, body.length())));
                            }
                        }
                    }
                }
            }, "http-lane-" + threads.size()));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return new Outcome(requests.get(), events.get(), accepted.get(), System.nanoTime() - started, histogram,
                statuses, firstError[0]);
    }

    /** Events split into lanes by subject, so each subject's events keep their order within one lane. */
    static List<List<CloudEvent>> lanesBySubject(List<CloudEvent> events, int lanes) {
        List<List<CloudEvent>> out = new ArrayList<>();
        for (int i = 0; i < lanes; i++) {
            out.add(new ArrayList<>());
        }
        for (CloudEvent e : events) {
            out.get(Math.floorMod(e.subject().hashCode(), lanes)).add(e);
        }
        return out;
    }

    /** A binary-mode CloudEvent POST: attributes in ce-* headers, the data as the JSON body. */
    static HttpRequest binary(URI uri, CloudEvent event, Map<String, String> extraHeaders) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Content-Type", CloudEvent.JSON)
                .POST(HttpRequest.BodyPublishers.ofByteArray(KafkaBinding.dataBytes(event)));
        var structured = EventCodec.encode(event);
        structured.fieldNames().forEachRemaining(name -> {
            if (!name.equals("data") && !name.equals("datacontenttype")) {
                b.header("ce-" + name, structured.get(name).asText());
            }
        });
        extraHeaders.forEach(b::header);
        return b.build();
    }

    /** A structured batch POST ({@code application/cloudevents-batch+json}). */
    static HttpRequest batch(URI uri, List<CloudEvent> events, Map<String, String> extraHeaders) {
        var array = Json.MAPPER.createArrayNode();
        events.forEach(e -> array.add(EventCodec.encode(e)));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/cloudevents-batch+json")
                .POST(HttpRequest.BodyPublishers.ofString(array.toString(), StandardCharsets.UTF_8));
        extraHeaders.forEach(b::header);
        return b.build();
    }
}
