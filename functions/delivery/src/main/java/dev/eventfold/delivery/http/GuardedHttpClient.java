package dev.eventfold.delivery.http;

import dev.eventfold.delivery.DeliveryConfig;
import dev.eventfold.delivery.store.DeliveryStore;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.InetAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * The HTTP exchange every transport needs, with the guarantees delivery promises: the URL's host is resolved and
 * checked by the {@link SsrfGuard} before every request and the connection goes to that checked address (the
 * Host header and SNI keep the name: DNS rebinding cannot redirect it); redirects are not followed; connect and
 * whole-response times are bounded ({@code connect-timeout}, {@code response-timeout}); at most
 * {@link DeliveryStore#BODY_LIMIT} bytes of the answer are kept, the rest is drained.
 */
@ApplicationScoped
public class GuardedHttpClient {

    @Inject
    Vertx vertx;
    @Inject
    DeliveryConfig config;
    @Inject
    SsrfGuard guard;

    private HttpClient client;

    /** An answer: status, headers, the first bytes of the body, and how long the exchange took. */
    public record Response(int status, MultiMap headers, String body, long latencyMillis) {
    }

    /** Failed before any answer: refused by the guard, timed out, or the connection failed; {@code getMessage} says which. */
    public static final class NoResponseException extends RuntimeException {
        private final long latencyMillis;

        NoResponseException(String message, long latencyMillis, Throwable cause) {
            super(message, cause);
            this.latencyMillis = latencyMillis;
        }

        public long latencyMillis() {
            return latencyMillis;
        }
    }

    @PostConstruct
    void start() {
        client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setMaxPoolSize(config.maxConnectionsPerHost())
                .setKeepAlive(true)
                .setForceSni(true)
                .setTryUseCompression(false));
    }

    @PreDestroy
    void stop() {
        if (client != null) {
            client.close();
        }
    }

    /** The guard of this client (for checking URLs at registration). */
    public SsrfGuard guard() {
        return guard;
    }

    /**
     * One exchange; fails only with a {@link NoResponseException} (no answer at all). {@code body} null sends
     * none.
     */
    public Uni<Response> exchange(HttpMethod method, String url, Map<String, String> headers, byte[] body) {
        long start = System.nanoTime();
        return guard.check(url).chain(address -> {
            RequestOptions options = options(url, address, method);
            headers.forEach(options::putHeader);
            Future<Response> future = client.request(options)
                    .compose(request -> body == null ? request.send() : request.send(Buffer.buffer(body)))
                    .compose(response -> readBounded(response, start));
            return Uni.createFrom().completionStage(future.toCompletionStage())
                    .ifNoItem().after(config.responseTimeout())
                    .failWith(() -> new TimeoutException("no response within " + config.responseTimeout().toMillis() + " ms"));
        }).onFailure().transform(e -> new NoResponseException(describe(e), millisSince(start), e));
    }

    private RequestOptions options(String url, InetAddress address, HttpMethod method) {
        URI uri = URI.create(url);
        boolean ssl = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new RequestOptions()
                .setMethod(method)
                .setHost(uri.getHost())
                .setPort(port)
                .setSsl(ssl)
                .setURI(path)
                // connect to the address the guard checked, not to whatever the name resolves to by now
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setFollowRedirects(false)
                .setIdleTimeout(config.responseTimeout().toMillis());
    }

    private static Future<Response> readBounded(HttpClientResponse response, long start) {
        Promise<Response> done = Promise.promise();
        Buffer kept = Buffer.buffer();
        response.handler(chunk -> {
            int room = DeliveryStore.BODY_LIMIT - kept.length();
            if (room > 0) {
                kept.appendBuffer(chunk, 0, Math.min(room, chunk.length()));
            }
        });
        response.exceptionHandler(done::tryFail);
        response.endHandler(v -> done.tryComplete(new Response(response.statusCode(), response.headers(), kept.toString(),
                millisSince(start))));
        return done.future();
    }

    private static String describe(Throwable e) {
        if (e instanceof SsrfGuard.RefusedException) {
            return "refused: " + e.getMessage();
        }
        if (e instanceof TimeoutException || e.getClass().getSimpleName().contains("Timeout")) {
            return "timeout: " + e.getMessage();
        }
        return "connection error: " + e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
