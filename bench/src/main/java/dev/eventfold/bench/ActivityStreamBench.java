package dev.eventfold.bench;

import dev.eventfold.localstack.LocalKafka;
import dev.eventfold.localstack.Postgres;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.model.KafkaBinding;
import dev.eventfold.model.Topic;
import dev.eventfold.model.payload.ApiKeyIssued;
import dev.eventfold.model.payload.PageViewEnriched;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * activity-stream's push latency: the packaged function on a child broker and a fresh database, {@code clients}
 * WebSocket clients of one organization connected (every event goes to every client), page views written to
 * {@code <prefix>.visits.enriched} at {@code rate} events/s; latency = the client's receipt − the moment the bench
 * handed the record to the producer, for every (event, client) pair, after a warm-up. Not a test: run with
 * {@code bench/activity-stream.sh [rate] [clients] [seconds]}.
 */
public final class ActivityStreamBench {

    private static final String PREFIX = "bench";
    private static final String ID_PREFIX = "bench-";
    private static final String ID_MARK = "\"id\":\"" + ID_PREFIX;
    private static final ByteBuf LIVE = ascii("{\"type\":\"live\"");
    private static final ByteBuf RESYNC = ascii("{\"type\":\"resync\"");
    private static final String PEPPER = "bench-pepper-" + UUID.randomUUID();

    private ActivityStreamBench() {
    }

    public static void main(String[] args) throws Exception {
        // Netty logs through SLF4J here, whose binding formats every trace message before dropping it: the frame
        // decoder's one per frame took a fifth of the clients' CPU. JDK logging checks the level first.
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int warmUpSeconds = 10;
        Path root = Path.of(System.getProperty("eventfold.root", ".")).toAbsolutePath().normalize();
        String missing = FunctionApp.missing(root, "activity-stream");
        if (missing != null) {
            System.out.println(missing);
            System.exit(2);
        }
        Path kafkaDir = Files.createDirectories(root.resolve("bench/target")).resolve("kafka-as-" + System.currentTimeMillis());
        Postgres postgres = Postgres.available();
        String database = postgres.createFreshDatabase("bench_activity");
        try (LocalKafka broker = LocalKafka.start(kafkaDir); BenchKafka kafka = new BenchKafka(broker.bootstrapServers())) {
            for (Topic topic : Topic.values()) {
                kafka.createTopics(List.of(topic.topicName(PREFIX)), topic.compacted());
            }
            String org = "bench-org";
            String key = "bench-key-" + UUID.randomUUID();
            Map<String, String> config = Map.ofEntries(
                    Map.entry("kafka.bootstrap.servers", broker.bootstrapServers()),
                    Map.entry("eventfold.topic-prefix", PREFIX),
                    Map.entry("quarkus.datasource.jdbc.url", postgres.jdbcUrl(database)),
                    Map.entry("quarkus.datasource.reactive.url", postgres.reactiveUrl(database)),
                    Map.entry("quarkus.datasource.username", postgres.user()),
                    Map.entry("quarkus.datasource.password", postgres.password()),
                    Map.entry("eventfold.api-key.pepper", PEPPER),
                    Map.entry("eventfold.activity.token.signing-key", "bench-token-key-" + UUID.randomUUID()),
                    Map.entry("eventfold.activity.connection.max-pending", "4096"));
            List<String> jvm = new ArrayList<>(List.of("-XX:+UseG1GC", "-Xmx512m"));
            // e.g. BENCH_APP_JVM_OPTS=-XX:StartFlightRecording=filename=app.jfr,settings=profile to profile the function
            String extra = System.getenv("BENCH_APP_JVM_OPTS");
            if (extra != null && !extra.isBlank()) {
                jvm.addAll(List.of(extra.trim().split("\\s+")));
            }
            try (FunctionApp app = FunctionApp.start(root, "activity-stream", "bench", config, jvm);
                 KafkaProducer<String, byte[]> producer = producer(broker.bootstrapServers())) {
                log("activity-stream ready in %d ms", app.awaitReady(Duration.ofMinutes(3)));
                CloudEvent issued = CloudEvent.of(UUID.randomUUID().toString(), "/bench", EventType.API_KEY_ISSUED,
                        "key-" + org, Instant.now(), org, null, new ApiKeyIssued(hash(key), "bench"));
                producer.send(KafkaBinding.toRecord(Topic.EVENTS.topicName(PREFIX), issued)).get();
                String token = token(app, key);

                // the clients: few event loops, and per frame only the bytes are scanned for the events' numbers
                Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
                WebSocketClient wsClient = vertx.createWebSocketClient(new WebSocketClientOptions()
                        .setMaxConnections(clients + 10).setMaxFrameSize(1 << 20).setMaxMessageSize(16 << 20));
                long total = (long) rate * (seconds + warmUpSeconds);
                long[] sentAt = new long[(int) total];
                Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
                AtomicLong received = new AtomicLong();
                AtomicLong resyncs = new AtomicLong();
                AtomicLong frames = new AtomicLong();
                long[] measureFrom = {Long.MAX_VALUE};
                CountDownLatch live = new CountDownLatch(clients);
                List<WebSocket> sockets = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    WebSocket socket = wsClient.connect(app.uri("/").getPort(), "127.0.0.1", "/activity/stream")
                            .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
                    Receiver receiver = new Receiver(sentAt, measureFrom, histogram, received, resyncs, live, frames);
                    socket.frameHandler(receiver::frame);
                    socket.writeTextMessage("{\"type\":\"hello\",\"token\":\"" + token + "\"}");
                    sockets.add(socket);
                }
                if (!live.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(live.getCount() + " clients not live");
                }
                log("%d clients live; sending %d events/s for %d s (the first %d s are warm-up)", clients, rate,
                        seconds + warmUpSeconds, warmUpSeconds);
                String topic = Topic.VISITS_ENRICHED.topicName(PREFIX);
                long start = System.nanoTime();
                long measuredEvents = 0;
                long appCpuFrom = 0;
                long benchCpuFrom = 0;
                String loadFrom = "";
                for (long n = 0; n < total; n++) {
                    long due = start + n * 1_000_000_000L / rate;
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        if (wait > 200_000) {
                            Thread.sleep(0, 100_000);
                        }
                    }
                    if (n == (long) rate * warmUpSeconds) {
                        measureFrom[0] = System.nanoTime();
                        appCpuFrom = app.process().cpuMillis();
                        benchCpuFrom = ChildProcess.cpuMillisOf(ProcessHandle.current().pid());
                        loadFrom = Report.loadAverage();
                    }
                    CloudEvent view = view(org, n);
                    long now = System.nanoTime();
                    sentAt[(int) n] = now;
                    if (now >= measureFrom[0]) {
                        measuredEvents++;
                    }
                    producer.send(KafkaBinding.toRecord(topic, view));
                }
                producer.flush();
                long sendSeconds = (System.nanoTime() - start) / 1_000_000;
                long expected = measuredEvents * clients;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (received.get() < expected && System.nanoTime() < deadline && resyncs.get() == 0) {
                    Thread.sleep(100);
                }
                double window = (System.nanoTime() - measureFrom[0]) / 1e9;
                double appCores = (app.process().cpuMillis() - appCpuFrom) / 1000.0 / window;
                double benchCores = (ChildProcess.cpuMillisOf(ProcessHandle.current().pid()) - benchCpuFrom) / 1000.0 / window;
                String loadTo = Report.loadAverage();
                String result;
                synchronized (histogram) {
                    result = String.format(Locale.ROOT, """
                            # activity-stream push latency, %s

                            `bench/activity-stream.sh %d %d %d`: %d WebSocket clients of one organization (every event goes to \
                            every client), page views written to `%s` at %d events/s for %d s after a %d s warm-up (sending \
                            took %d ms in all); latency = client receipt − hand-off to the producer (acks=all, linger 0), \
                            for every (event, client) pair. Bench, broker (child JVM), activity-stream (packaged jar, G1, \
                            -Xmx512m) and PostgreSQL share the machine (%d cores).

                            | events measured | deliveries expected | received | resyncs | p50 | p90 | p99 | p99.9 | max |
                            | --- | --- | --- | --- | --- | --- | --- | --- | --- |
                            | %,d | %,d | %,d | %d | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.1f ms |

                            From the first measured send to the end (%.1f s): activity-stream used %.2f cores, the bench \
                            JVM (producer and the %d clients) %.2f cores; %,d messages carried them (%.1f items per message); \
                            load average %s at the start, %s at the end.
                            """, Instant.now().toString().substring(0, 16) + " UTC", rate, clients, seconds, clients,
                            topic, rate, seconds, warmUpSeconds, sendSeconds, Runtime.getRuntime().availableProcessors(),
                            measuredEvents, expected, received.get(), resyncs.get(),
                            ms(histogram.getValueAtPercentile(50)), ms(histogram.getValueAtPercentile(90)),
                            ms(histogram.getValueAtPercentile(99)), ms(histogram.getValueAtPercentile(99.9)),
                            ms(histogram.getMaxValue()), window, appCores, clients, benchCores, frames.get(),
                            frames.get() == 0 ? 0.0 : (double) received.get() / frames.get(), loadFrom, loadTo);
                }
                System.out.println(result);
                Path out = root.resolve("bench/target/activity-stream-latest.md");
                Files.writeString(out, result);
                log("written to %s", out);
                sockets.forEach(WebSocket::close);
                vertx.close();
            }
        } finally {
            postgres.dropDatabase(database);
        }
        System.exit(0);
    }

    private static CloudEvent view(String org, long n) {
        String page = "page-" + (n % 2000);
        PageViewEnriched data = new PageViewEnriched(page, "81.2.69.142", "bench", null, "v" + (n % 5000),
                Instant.now().toString(), "known", null, "GB", "United Kingdom", "England", "London", null, 51.5,
                -0.1, "Europe/London", null, null, null, null, null, null);
        // the id is the event's number: the clients find it in the bytes without parsing the frame
        return CloudEvent.of(ID_PREFIX + n, "/geo-enricher", EventType.PAGE_VIEW_ENRICHED, page,
                Instant.now(), org, null, data);
    }

    /**
     * One client's receipt: a text message (one object, or an array of items) is gathered from its frames and its
     * bytes scanned for {@code "id":"bench-<n>"}; every item of a message counts as received when the message is
     * complete. Runs on the client's event loop.
     */
    private static final class Receiver {
        private final long[] sentAt;
        private final long[] measureFrom;
        private final Histogram histogram;
        private final AtomicLong received;
        private final AtomicLong resyncs;
        private final CountDownLatch live;
        private final AtomicLong frames;
        private Buffer message;

        Receiver(long[] sentAt, long[] measureFrom, Histogram histogram, AtomicLong received, AtomicLong resyncs,
                 CountDownLatch live, AtomicLong frames) {
            this.sentAt = sentAt;
            this.measureFrom = measureFrom;
            this.histogram = histogram;
            this.received = received;
            this.resyncs = resyncs;
            this.live = live;
            this.frames = frames;
        }

        void frame(WebSocketFrame frame) {
            if (!frame.isText() && !frame.isContinuation()) {
                return;
            }
            if (!frame.isFinal()) {
                message = message == null ? frame.binaryData().copy() : message.appendBuffer(frame.binaryData());
                return;
            }
            Buffer whole = message == null ? frame.binaryData() : message.appendBuffer(frame.binaryData());
            message = null;
            long now = System.nanoTime();
            ByteBuf bytes = whole.getByteBuf();
            if (startsWith(bytes, LIVE)) {
                live.countDown();
                return;
            }
            if (startsWith(bytes, RESYNC)) {
                resyncs.incrementAndGet();
                return;
            }
            long from = measureFrom[0];
            int count = 0;
            long[] latencies = new long[16];
            // the bytes as a Latin-1 string (one array copy): String.indexOf is a vectorised intrinsic, a byte loop
            // here took most of the clients' CPU
            String text = bytes.toString(StandardCharsets.ISO_8859_1);
            for (int at = text.indexOf(ID_MARK); at >= 0; at = text.indexOf(ID_MARK, at)) {
                at += ID_MARK.length();
                long n = 0;
                char c;
                while (at < text.length() && (c = text.charAt(at)) >= '0' && c <= '9') {
                    n = n * 10 + (c - '0');
                    at++;
                }
                long sent = n < sentAt.length ? sentAt[(int) n] : 0;
                if (sent != 0 && sent >= from) {
                    if (count == latencies.length) {
                        latencies = java.util.Arrays.copyOf(latencies, count * 2);
                    }
                    latencies[count++] = Math.max(0, now - sent);
                }
            }
            if (count > 0) {
                synchronized (histogram) {
                    for (int i = 0; i < count; i++) {
                        histogram.recordValue(Math.min(latencies[i], histogram.getHighestTrackableValue()));
                    }
                }
                received.addAndGet(count);
                frames.incrementAndGet();
            }
        }

        private static boolean startsWith(ByteBuf bytes, ByteBuf prefix) {
            int length = prefix.readableBytes();
            return bytes.readableBytes() >= length && ByteBufUtil.equals(bytes, bytes.readerIndex(), prefix, 0, length);
        }
    }
    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static String token(FunctionApp app, String key) throws Exception {
        // HTTP/1.1 as browsers speak it: the JDK client's h2c upgrade on a bodiless POST makes Vert.x read the body first
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(app.uri("/activity/tokens"))
                    .header("X-Api-Key", key).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 201) {
                String body = answer.body();
                int at = body.indexOf("\"token\":\"") + 9;
                return body.substring(at, body.indexOf('"', at));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no token: " + answer.statusCode() + " " + answer.body());
            }
            Thread.sleep(200);
        }
    }

    /** The key's hash as every function stores it (HMAC-SHA256 with the pepper, lower-case hex). */
    private static String hash(String key) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(PEPPER.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(key.getBytes(StandardCharsets.UTF_8)));
    }

    private static ByteBuf ascii(String text) {
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.US_ASCII)));
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }

    private static void log(String format, Object... args) {
        System.out.println("[activity-stream bench] " + String.format(Locale.ROOT, format, args));
    }
}
