package dev.eventfold.webhooks.delivery;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.HttpBinding;
import dev.eventfold.model.WebhookVerifier;
import dev.eventfold.webhooks.WebhooksConfig;
import dev.eventfold.webhooks.domain.AttemptResult;
import dev.eventfold.webhooks.domain.Secrets;
import dev.eventfold.webhooks.store.ClaimedMessage;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
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
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeoutException;

/**
 * Sends one attempt of a message over HTTP: re-checks the host ({@link SsrfGuard}) and connects to the checked
 * address, runs the CloudEvents validation handshake first when the endpoint needs it, signs the request per
 * Standard Webhooks, and keeps the status, latency and first kilobyte of the answer. Redirects are not followed;
 * connect and response times are bounded.
 */
@ApplicationScoped
public class WebhookSender {

    /** How much of a response body an attempt keeps. */
    public static final int BODY_LIMIT = 1024;

    @Inject
    Vertx vertx;
    @Inject
    WebhooksConfig config;
    @Inject
    SsrfGuard guard;
    @Inject
    Clock clock;

    private HttpClient client;

    /** The outcome of the handshake: allowed or not, and the rate the receiver allowed (per minute) if it said. */
    public record Handshake(boolean allowed, Integer allowedRate, AttemptResult result) {
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

    /** The CloudEvents webhook validation handshake: OPTIONS with our origin, allowed when the receiver echoes it (or *). */
    public Uni<Handshake> handshake(String url) {
        long start = System.nanoTime();
        return guard.check(url).chain(address -> {
            RequestOptions options = options(url, address, HttpMethod.OPTIONS)
                    .putHeader("WebHook-Request-Origin", config.origin());
            return exchange(options, null);
        }).map(response -> {
            String allowedOrigin = response.headers.get("WebHook-Allowed-Origin");
            boolean allowed = response.status >= 200 && response.status < 300 && allowedOrigin != null
                    && (allowedOrigin.trim().equals("*") || allowedOrigin.trim().equalsIgnoreCase(config.origin()));
            AttemptResult result = allowed
                    ? AttemptResult.response(response.status, response.body, null, millisSince(start))
                    : new AttemptResult(response.status, response.body, null,
                    "validation handshake refused (no WebHook-Allowed-Origin for " + config.origin() + ")", millisSince(start));
            return new Handshake(allowed, allowedRate(response.headers.get("WebHook-Allowed-Rate")), result);
        }).onFailure().recoverWithItem(e -> new Handshake(false, null,
                AttemptResult.error("validation handshake: " + describe(e), millisSince(start))));
    }

    /** One signed delivery of the message; never fails (a failure is an {@link AttemptResult} with an error). */
    public Uni<AttemptResult> send(ClaimedMessage message) {
        long start = System.nanoTime();
        CloudEvent event = message.event();
        byte[] body = message.structured() ? HttpBinding.structuredBody(event) : HttpBinding.body(event);
        Instant now = clock.instant();
        long timestamp = now.getEpochSecond();
        String signature = Secrets.signatureHeader(message.secret(), message.previousSecret(),
                message.previousSecretExpiresAt(), now, event.id(), timestamp, body);
        return guard.check(message.url()).chain(address -> {
            RequestOptions options = options(message.url(), address, HttpMethod.POST)
                    .putHeader(WebhookVerifier.ID, event.id())
                    .putHeader(WebhookVerifier.TIMESTAMP, Long.toString(timestamp))
                    .putHeader(WebhookVerifier.SIGNATURE, signature)
                    .putHeader("User-Agent", "eventfold-webhooks");
            if (message.structured()) {
                options.putHeader("content-type", HttpBinding.STRUCTURED_CONTENT_TYPE);
            } else {
                HttpBinding.headers(event).forEach(options::putHeader);
            }
            return exchange(options, body);
        }).map(response -> AttemptResult.response(response.status, response.body,
                        response.headers.get("Retry-After"), millisSince(start)))
                .onFailure().recoverWithItem(e -> AttemptResult.error(describe(e), millisSince(start)));
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

    private record Exchange(int status, String body, io.vertx.core.MultiMap headers) {
    }

    private Uni<Exchange> exchange(RequestOptions options, byte[] body) {
        Future<Exchange> future = client.request(options)
                .compose(request -> body == null ? request.send() : request.send(Buffer.buffer(body)))
                .compose(WebhookSender::readBounded);
        return Uni.createFrom().completionStage(future.toCompletionStage())
                .ifNoItem().after(config.responseTimeout())
                .failWith(() -> new TimeoutException("no response within " + config.responseTimeout().toMillis() + " ms"));
    }

    /** Reads at most {@link #BODY_LIMIT} bytes of the body; the rest is drained and dropped. */
    private static Future<Exchange> readBounded(HttpClientResponse response) {
        Promise<Exchange> done = Promise.promise();
        Buffer kept = Buffer.buffer();
        response.handler(chunk -> {
            int room = BODY_LIMIT - kept.length();
            if (room > 0) {
                kept.appendBuffer(chunk, 0, Math.min(room, chunk.length()));
            }
        });
        response.exceptionHandler(done::tryFail);
        response.endHandler(v -> done.tryComplete(new Exchange(response.statusCode(), kept.toString(), response.headers())));
        return done.future();
    }

    private static Integer allowedRate(String header) {
        if (header == null) {
            return null;
        }
        try {
            return Integer.parseInt(header.trim());
        } catch (NumberFormatException e) {
            return null; // "*" or garbage: no limit asked
        }
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

    private long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
