package dev.eventfold.webhooks.delivery;

import dev.eventfold.delivery.Batch;
import dev.eventfold.delivery.Destination;
import dev.eventfold.delivery.Message;
import dev.eventfold.delivery.Transport;
import dev.eventfold.delivery.domain.Outcome;
import dev.eventfold.delivery.http.GuardedHttpClient;
import dev.eventfold.delivery.store.DestinationStore;
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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The webhooks {@link Transport}: one signed CloudEvent per request (batches of one). Runs the CloudEvents
 * validation handshake first when the endpoint needs it (its {@code WebHook-Allowed-Rate} becomes the
 * destination's receiver rate), signs per Standard Webhooks, and maps the answer with
 * {@link Outcome#ofHttp} (2xx delivered, 410 disables, 429/503 honour {@code Retry-After}, the rest retries). The
 * exchange itself (SSRF re-check, no redirects, bounded times and body) is {@link GuardedHttpClient}'s.
 */
@ApplicationScoped
public class WebhookTransport implements Transport {
    // endpoints' targets are cached per replica by destination version (TargetCache), each event rendered once for
    // all its endpoints (Renderings): a delivery costs the claim's share, one HTTP exchange and the attempt's share

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
    @Inject
    DestinationStore destinations;

    private final TargetCache targets = new TargetCache(10_000, TimeUnit.MINUTES.toNanos(1));
    private final Renderings renderings = new Renderings(1_024);
    private final Map<UUID, Uni<Handshake>> handshakes = new ConcurrentHashMap<>();

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
        Destination destination = batch.destination();
        return target(destination).chain(target -> {
            if (target == null) {
                return Uni.createFrom().item(Outcome.abort("endpoint deleted", null, 0, null));
            }
            if (!target.needsHandshake()) {
                return send(target, message);
            }
            return verify(target, destination).chain(handshake -> handshake.allowed()
                    ? send(target, message) : Uni.createFrom().item(handshake.outcome()));
        }).map(List::of);
    }

    /** Forgets what this replica keeps of the endpoint (deleted, or changed here: the version tells the others). */
    public void forget(UUID endpointId) {
        targets.forget(endpointId);
    }

    /** The endpoint's target from the cache while the destination's version has not moved, else read. */
    private Uni<EndpointStore.Target> target(Destination destination) {
        long now = System.nanoTime();
        EndpointStore.Target cached = targets.get(destination.id(), destination.version(), now);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return endpoints.target(pool, destination.id()).invoke(target -> {
            if (target != null) {
                targets.put(destination.id(), destination.version(), now, target);
            }
        });
    }

    /**
     * The handshake for an endpoint that needs it, once however many of its messages are waiting for it; when
     * allowed, the receiver's {@code WebHook-Allowed-Rate} becomes the destination's receiver rate (the claim
     * then holds it to the lower of that and its own rate limit) and the endpoint is marked verified.
     */
    private Uni<Handshake> verify(EndpointStore.Target target, Destination destination) {
        return handshakes.computeIfAbsent(target.id(), id -> handshake(target.url())
                .call(handshake -> !handshake.allowed() ? Uni.createFrom().voidItem()
                        : destinations.setReceiverRate(pool, id, handshake.allowedRate(), clock.instant())
                        .chain(() -> endpoints.markVerified(pool, id, handshake.allowedRate()))
                        .invoke(() -> targets.forget(id)))
                .eventually(() -> {
                    handshakes.remove(id); // a block, not the removed Uni: eventually would wait for that
                })
                .memoize().indefinitely());
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
        Renderings.Rendering rendering = renderings.of(message.eventId(), message.payload());
        CloudEvent event = rendering.event();
        byte[] body = target.structured() ? rendering.structuredBody() : rendering.binaryBody();
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
            headers.putAll(rendering.binaryHeaders());
        }
        return http.exchange(HttpMethod.POST, target.url(), headers, body)
                .map(response -> Outcome.ofHttp(response.status(), response.headers().get("Retry-After"), response.body(),
                        response.latencyMillis(), clock.instant()))
                .onFailure(GuardedHttpClient.NoResponseException.class).recoverWithItem(e ->
                        Outcome.error(e.getMessage(), ((GuardedHttpClient.NoResponseException) e).latencyMillis()));
    }

    /** {@code WebHook-Allowed-Rate}: requests per minute; "*", nothing or anything but a positive number: no limit. */
    static Integer allowedRate(String header) {
        if (header == null) {
            return null;
        }
        try {
            int rate = Integer.parseInt(header.trim());
            return rate > 0 ? rate : null;
        } catch (NumberFormatException e) {
            return null; // "*" or garbage: no limit asked
        }
    }
}
