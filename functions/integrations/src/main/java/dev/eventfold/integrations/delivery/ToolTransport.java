package dev.eventfold.integrations.delivery;

import dev.eventfold.delivery.Batch;
import dev.eventfold.delivery.Message;
import dev.eventfold.delivery.Transport;
import dev.eventfold.delivery.domain.Outcome;
import dev.eventfold.integrations.CredentialKeys;
import dev.eventfold.integrations.IntegrationsConfig;
import dev.eventfold.integrations.domain.ApiRequest;
import dev.eventfold.integrations.domain.ApiResponse;
import dev.eventfold.integrations.domain.IntegrationEvent;
import dev.eventfold.integrations.domain.Item;
import dev.eventfold.integrations.domain.ItemOutcome;
import dev.eventfold.integrations.domain.RateLimiter;
import dev.eventfold.integrations.domain.Tool;
import dev.eventfold.integrations.domain.Translation;
import dev.eventfold.integrations.domain.Translator;
import dev.eventfold.integrations.domain.Translators;
import dev.eventfold.integrations.store.DestinationTargets;
import dev.eventfold.integrations.store.IntegrationDestination;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tool's {@link Transport} (one bean per tool): a claimed batch of one destination is translated with the
 * destination's current mappings, planned into the tool's requests, and the requests are sent one after the other
 * at the destination's rate; each message gets the outcome its element got. Once a request pauses the destination
 * (401), the requests after it are not sent and their messages wait for the resume. The credential is decrypted
 * here, per batch, and never logged.
 */
public abstract class ToolTransport implements Transport {

    private static final Logger LOG = Logger.getLogger(ToolTransport.class);
    private static final Map<UUID, RateLimiter> LIMITERS = new ConcurrentHashMap<>();

    @Inject
    ToolClient client;
    @Inject
    DestinationTargets destinations;
    @Inject
    CredentialKeys keys;
    @Inject
    IntegrationsConfig config;
    @Inject
    Pool pool;
    @Inject
    Clock clock;

    protected abstract Tool tool();

    @Override
    public String name() {
        return tool().id();
    }

    /** Payload bytes per claimed batch; the plan cuts it further to the tool's own limits. */
    @Override
    public long maxBatchBytes() {
        return 2_000_000;
    }

    @Override
    public Uni<List<Outcome>> send(Batch batch) {
        List<Message> messages = batch.messages();
        return destinations.get(pool, batch.destination().id()).chain(target -> {
            if (target == null) {
                return Uni.createFrom().item(same(messages, Outcome.abort("destination deleted", null, 0, null)));
            }
            String credential;
            try {
                credential = keys.cipher().decrypt(target.sealedCredential(),
                        IntegrationDestination.owner(target.orgId(), target.id()));
            } catch (IllegalArgumentException e) {
                return Uni.createFrom().item(same(messages, Outcome.pauseDestination(
                        "the stored credential does not decrypt with the configured key: set it again", null, 0, null)));
            }
            Translator translator = Translators.of(tool());
            Map<String, Outcome> outcomes = new HashMap<>();
            List<Item> items = new ArrayList<>();
            for (Message message : messages) {
                String key = Long.toString(message.id());
                Optional<Translation> translation;
                try {
                    IntegrationEvent event = Payloads.decode(message.payload());
                    translation = translator.translate(event, target.spec());
                } catch (RuntimeException e) {
                    outcomes.put(key, Outcome.abort("payload does not decode: " + e.getMessage(), null, 0, null));
                    continue;
                }
                if (translation.isEmpty()) {
                    outcomes.put(key, Outcome.abort("nothing to send with the destination's current settings", null, 0, null));
                } else {
                    items.add(new Item(key, translation.get()));
                }
            }
            Translator.Plan plan = translator.plan(items, target.spec());
            plan.refused().forEach((key, outcome) -> outcomes.put(key, outcome(outcome, null, 0, null)));
            int perSecond = target.rateLimit() != null ? target.rateLimit() : config.defaultRateLimit();
            return sendAll(target, translator, plan.requests(), credential, perSecond, outcomes)
                    .map(done -> messages.stream().map(m -> done.getOrDefault(Long.toString(m.id()),
                            Outcome.retry(null, 0, null, "no outcome recorded"))).toList());
        });
    }

    private Uni<Map<String, Outcome>> sendAll(DestinationTargets.Target target, Translator translator,
                                              List<ApiRequest> requests, String credential, int perSecond,
                                              Map<String, Outcome> outcomes) {
        Uni<Boolean> chain = Uni.createFrom().item(false); // true once the destination is paused
        Map<String, String> auth = translator.authentication(credential);
        for (ApiRequest request : requests) {
            chain = chain.chain(paused -> {
                if (paused) {
                    Translator.all(request, new ItemOutcome.PauseDestination("paused by an earlier request of the batch"))
                            .forEach((k, o) -> outcomes.put(k, outcome(o, null, 0, null)));
                    return Uni.createFrom().item(true);
                }
                return throttle(target.id(), perSecond).chain(() -> {
                    long start = System.nanoTime();
                    return client.send(target.baseUrl(), request, auth).map(response -> {
                        long latency = (System.nanoTime() - start) / 1_000_000;
                        Map<String, ItemOutcome> results = translator.outcomes(request, response);
                        boolean pause = false;
                        for (Map.Entry<String, ItemOutcome> result : results.entrySet()) {
                            outcomes.put(result.getKey(), outcome(result.getValue(), response, latency, request));
                            pause |= result.getValue() instanceof ItemOutcome.PauseDestination;
                        }
                        LOG.debugf("%s %s %s: %d items -> HTTP %d", tool().id(), target.id(), request.path(),
                                request.items().size(), response.status());
                        return pause;
                    });
                });
            });
        }
        return chain.replaceWith(outcomes);
    }

    private Uni<Void> throttle(UUID destination, int perSecond) {
        RateLimiter limiter = LIMITERS.computeIfAbsent(destination, k -> new RateLimiter());
        Duration wait;
        synchronized (limiter) {
            wait = limiter.reserve(clock.instant(), perSecond);
        }
        Uni<Void> now = Uni.createFrom().voidItem();
        return wait.isZero() || wait.isNegative() ? now : now.onItem().delayIt().by(wait);
    }

    /** Forgets a deleted destination's rate state. */
    public static void forget(UUID destination) {
        LIMITERS.remove(destination);
    }

    static Outcome outcome(ItemOutcome outcome, ApiResponse response, long latency, ApiRequest request) {
        Integer code = response == null || response.status() == 0 ? null : response.status();
        String body = response == null ? null : response.body().length() > 1024 ? response.body().substring(0, 1024) : response.body();
        if (outcome instanceof ItemOutcome.Delivered) {
            return Outcome.delivered(code, latency, body);
        }
        if (outcome instanceof ItemOutcome.Retry retry) {
            if (code == null && response != null) {
                return Outcome.error(response.error(), latency);
            }
            return retry.after() != null ? Outcome.retryAfter(retry.after(), code, latency, body)
                    : Outcome.retry(code, latency, body, retry.reason());
        }
        if (outcome instanceof ItemOutcome.Abort abort) {
            return Outcome.abort(abort.reason(), code, latency, body);
        }
        return Outcome.pauseDestination(((ItemOutcome.PauseDestination) outcome).reason(), code, latency, body);
    }

    private static List<Outcome> same(List<Message> messages, Outcome outcome) {
        List<Outcome> all = new ArrayList<>();
        messages.forEach(m -> all.add(outcome));
        return all;
    }
}
