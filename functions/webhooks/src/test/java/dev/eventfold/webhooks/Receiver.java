package dev.eventfold.webhooks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A webhook receiver on 127.0.0.1 for tests: records every request and answers from a script (next replies
 * first, then the default). It accepts the validation handshake unless told to refuse it.
 */
public final class Receiver implements AutoCloseable {

    /** A request as it arrived; header names lower-case. */
    public record Request(String method, String path, Map<String, String> headers, byte[] body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** A scripted answer. */
    public record Reply(int status, Map<String, String> headers, String body, long delayMillis) {
        public static Reply status(int status) {
            return new Reply(status, Map.of(), "", 0);
        }

        public static Reply withHeader(int status, String name, String value) {
            return new Reply(status, Map.of(name, value), "", 0);
        }

        public static Reply slow(long delayMillis) {
            return new Reply(200, Map.of(), "", delayMillis);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8);
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedDeque<Reply> script = new ConcurrentLinkedDeque<>();
    private volatile Reply defaultReply = new Reply(200, Map.of(), "ok", 0);
    private volatile boolean acceptHandshake = true;
    private volatile String allowedRate = "120";
    private volatile java.util.function.Function<Request, Reply> rule = request -> null;

    public Receiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** The receiver's URL for a path, e.g. {@code http://127.0.0.1:PORT/hook}. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public Receiver then(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    public Receiver byDefault(Reply reply) {
        defaultReply = reply;
        return this;
    }

    /** A rule consulted before the script: its reply, or null to fall through. */
    public Receiver rule(java.util.function.Function<Request, Reply> rule) {
        this.rule = rule;
        return this;
    }

    /** The {@code WebHook-Allowed-Rate} the handshake answers (requests per minute, or "*"); 120 unless told. */
    public Receiver allowRate(String perMinute) {
        allowedRate = perMinute;
        return this;
    }

    public Receiver refuseHandshake() {
        acceptHandshake = false;
        return this;
    }

    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    public List<Request> posts() {
        return requests.stream().filter(r -> r.method().equals("POST")).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        byte[] body = exchange.getRequestBody().readAllBytes();
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, body);
        requests.add(request);
        if (request.method().equals("OPTIONS")) {
            if (acceptHandshake) {
                exchange.getResponseHeaders().add("WebHook-Allowed-Origin", request.header("webhook-request-origin"));
                exchange.getResponseHeaders().add("WebHook-Allowed-Rate", allowedRate);
            }
            exchange.sendResponseHeaders(acceptHandshake ? 200 : 405, -1);
            exchange.close();
            return;
        }
        Reply reply = rule.apply(request);
        if (reply == null) {
            reply = script.pollFirst();
        }
        if (reply == null) {
            reply = defaultReply;
        }
        if (reply.delayMillis() > 0) {
            try {
                Thread.sleep(reply.delayMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
        try {
            exchange.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        } catch (IOException clientGone) {
            // the sender timed out first
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
