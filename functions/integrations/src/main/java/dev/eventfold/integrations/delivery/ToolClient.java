package dev.eventfold.integrations.delivery;

import dev.eventfold.delivery.DeliveryConfig;
import dev.eventfold.delivery.http.SsrfGuard;
import dev.eventfold.integrations.IntegrationsConfig;
import dev.eventfold.integrations.domain.ApiRequest;
import dev.eventfold.integrations.domain.ApiResponse;
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

import java.net.URI;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Sends one planned request to a tool: the host is checked by function-delivery's {@link SsrfGuard} and the
 * connection goes to the checked address; no redirects; connect and whole-answer times bounded by
 * {@code eventfold.delivery.*}; up to {@code max-response-bytes} of the answer kept (per-item results need more
 * than the kilobyte a webhook attempt keeps). Never fails: no answer is an {@link ApiResponse} with status 0.
 */
@ApplicationScoped
public class ToolClient {

    @Inject
    Vertx vertx;
    @Inject
    DeliveryConfig delivery;
    @Inject
    IntegrationsConfig config;
    @Inject
    SsrfGuard guard;
    @Inject
    Clock clock;

    private HttpClient client;

    @PostConstruct
    void start() {
        client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) delivery.connectTimeout().toMillis())
                .setMaxPoolSize(delivery.maxConnectionsPerHost())
                .setKeepAlive(true)
                .setForceSni(true));
    }

    @PreDestroy
    void stop() {
        if (client != null) {
            client.close();
        }
    }

    public SsrfGuard guard() {
        return guard;
    }

    public Uni<ApiResponse> send(String baseUrl, ApiRequest request, Map<String, String> authentication) {
        String url = stripSlash(baseUrl) + request.path();
        return guard.check(url).chain(address -> {
            URI uri = URI.create(url);
            boolean ssl = uri.getScheme().equalsIgnoreCase("https");
            int port = uri.getPort() > 0 ? uri.getPort() : ssl ? 443 : 80;
            RequestOptions options = new RequestOptions()
                    .setMethod(HttpMethod.valueOf(request.method()))
                    .setHost(uri.getHost()).setPort(port).setSsl(ssl)
                    .setURI(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()))
                    .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                    .setFollowRedirects(false)
                    .setIdleTimeout(delivery.responseTimeout().toMillis());
            request.headers().forEach(options::putHeader);
            authentication.forEach(options::putHeader);
            options.putHeader("User-Agent", "eventfold-integrations");
            Future<ApiResponse> future = client.request(options)
                    .compose(r -> r.send(Buffer.buffer(request.body())))
                    .compose(this::read);
            return Uni.createFrom().completionStage(future.toCompletionStage())
                    .ifNoItem().after(delivery.responseTimeout())
                    .failWith(() -> new TimeoutException("no answer within " + delivery.responseTimeout().toMillis() + " ms"));
        }).onFailure().recoverWithItem(e -> ApiResponse.failed(e instanceof SsrfGuard.RefusedException
                ? "refused: " + e.getMessage() : e.toString(), clock.instant()));
    }

    private Future<ApiResponse> read(HttpClientResponse response) {
        Promise<ApiResponse> done = Promise.promise();
        Buffer kept = Buffer.buffer();
        int limit = config.maxResponseBytes();
        response.handler(chunk -> {
            int room = limit - kept.length();
            if (room > 0) {
                kept.appendBuffer(chunk, 0, Math.min(room, chunk.length()));
            }
        });
        response.exceptionHandler(done::tryFail);
        response.endHandler(v -> {
            Map<String, String> headers = new HashMap<>();
            response.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
            done.tryComplete(new ApiResponse(response.statusCode(), headers, kept.toString(), clock.instant(), null));
        });
        return done.future();
    }

    static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
