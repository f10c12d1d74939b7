package dev.eventfold.webhooks.delivery;

import dev.eventfold.delivery.Batch;
import dev.eventfold.delivery.Message;
import dev.eventfold.delivery.Transport;
import dev.eventfold.delivery.domain.Outcome;
import dev.eventfold.delivery.http.GuardedHttpClient;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.HttpBinding;
import dev.eventfold.model.WebhookVerifier;
import dev.eventfold.webhooks.WebhooksConfig;
import dev.eventfold.webhooks.domain.Secrets;
import dev.eventfold.webhooks.store.EndpointStore;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The webhooks {@link Transport}: one signed CloudEvent per request (batches of one). Runs the CloudEvents
 * validation handshake first when the endpoint needs it, signs per Standard Webhooks, and maps the answer with
 * {@link Outcome#ofHttp} (2xx delivered, 410 disables, 429/503 honour {@code Retry-After}, the rest retries). The
 * exchange itself (SSRF re-check, no redirects, bounded times and body) is {@link GuardedHttpClient}'s.
 */
@ApplicationScoped
public class WebhookTransport implements Transport {

    public static final String NAME = "webhooks";

    @Inject
    GuardedHttpClient http;
    @Inject
    EndpointStore endpoints;
    @Inject
    WebhooksConfig config;
    @Inject
    Pool pool;
    @Inject
    Clock clock;

    /** The outcome of the handshake: allowed or not, the rate the receiver allowed (per minute) if it said, and the attempt. */
    public record Handshake(boolean allowed, Integer allowedRate, Outcome outcome) {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Uni<List<Outcome>> send(Batch batch) {
        Message message = batch.messages().get(0);
        return endpoints.target(pool, batch.destination().id()).chain(target -> {
            if (target == null) {
                return Uni.createFrom().item(Outcome.abort("endpoint deleted", null, 0, null));
            }
            if (!target.needsHandshake()) {
                return send(target, message);
            }
            return handshake(target.url()).chain(handshake -> handshake.allowed()
                    ? endpoints.markVerified(pool, target.id(), handshake.allowedRate()).chain(() -> send(target, message))
                    : Uni.createFrom().item(handshake.outcome()));
        }).map(List::of);
    }

    /** The CloudEvents webhook validation handshake: OPTIONS with our origin, allowed when the receiver echoes it (or *). */
    public Uni<Handshake> handshake(String url) {
        return http.exchange(HttpMethod.OPTIONS, url, Map.of("WebHook-Request-Origin", config.origin()), null).map(response -> {
            String allowedOrigin = response.headers().get("WebHook-Allowed-Origin");
            boolean allowed = response.status() >= 200 && response.status() < 300 && allowedOrigin != null
                    && (allowedOrigin.trim().equals("*") || allowedOrigin.trim().equalsIgnoreCase(config.origin()));
            Outcome outcome = allowed
                    ? Outcome.delivered(response.status(), response.latencyMillis(), response.body())
                    : Outcome.retry(response.status(), response.latencyMillis(), response.body(),
                    "validation handshake refused (no WebHook-Allowed-Origin for " + config.origin() + ")");
            return new Handshake(allowed, allowedRate(response.headers().get("WebHook-Allowed-Rate")), outcome);
        }).onFailure(GuardedHttpClient.NoResponseException.class).recoverWithItem(e -> new Handshake(false, null,
                Outcome.error("validation handshake: " + e.getMessage(), ((GuardedHttpClient.NoResponseException) e).latencyMillis())));
    }

    /** One signed delivery of the message. */
    private Uni<Outcome> send(EndpointStore.Target target, Message message) {
        CloudEvent event = EndpointStore.event(message.payload());
        byte[] body = target.structured() ? HttpBinding.structuredBody(event) : HttpBinding.body(event);
        Instant now = clock.instant();
        long timestamp = now.getEpochSecond();
        String signature = Secrets.signatureHeader(target.secret(), target.previousSecret(),
                target.previousSecretExpiresAt(), now, event.id(), timestamp, body);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(WebhookVerifier.ID, event.id());
        headers.put(WebhookVerifier.TIMESTAMP, Long.toString(timestamp));
        headers.put(WebhookVerifier.SIGNATURE, signature);
        headers.put("User-Agent", "eventfold-webhooks");
        if (target.structured()) {
            headers.put("content-type", HttpBinding.STRUCTURED_CONTENT_TYPE);
        } else {
            headers.putAll(HttpBinding.headers(event));
        }
        return http.exchange(HttpMethod.POST, target.url(), headers, body)
                .map(response -> Outcome.ofHttp(response.status(), response.headers().get("Retry-After"), response.body(),
                        response.latencyMillis(), clock.instant()))
                .onFailure(GuardedHttpClient.NoResponseException.class).recoverWithItem(e ->
                        Outcome.error(e.getMessage(), ((GuardedHttpClient.NoResponseException) e).latencyMillis()));
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
}
