package dev.eventfold.webhooks.delivery;

import dev.eventfold.webhooks.WebhooksConfig;
import dev.eventfold.webhooks.domain.AttemptResult;
import dev.eventfold.webhooks.domain.Decision;
import dev.eventfold.webhooks.domain.RetryPolicy;
import dev.eventfold.webhooks.store.ClaimedMessage;
import dev.eventfold.webhooks.store.MessageStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The delivery loop of one replica: every poll interval (and on each sweep request, the Knative PingSource's way
 * in) it claims due messages ({@code FOR UPDATE SKIP LOCKED}, so replicas share the work without double sends),
 * sends each once, records the attempt and schedules the next one by the {@link RetryPolicy}. At most
 * {@code batch-size} messages are in flight per replica: memory stays bounded whatever the backlog.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);

    @Inject
    WebhooksConfig config;
    @Inject
    MessageStore store;
    @Inject
    WebhookSender sender;
    @Inject
    Pool pool;
    @Inject
    Clock clock;
    @Inject
    Vertx vertx;

    private final AtomicBoolean claiming = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean backlog;
    private RetryPolicy policy;
    private long timer = -1;

    void start(@Observes StartupEvent start) {
        policy = new RetryPolicy(config.retrySchedule(), config.jitter(), config.maxRetryAfter(),
                () -> ThreadLocalRandom.current().nextDouble());
        if (config.worker().enabled()) {
            timer = vertx.setPeriodic(config.pollInterval().toMillis(), id -> kick());
        }
    }

    void stop(@Observes ShutdownEvent stop) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    public RetryPolicy policy() {
        return policy;
    }

    /**
     * Claims as many due messages as this replica has room for (at most {@code batch-size} in flight) and sends
     * them; completes with how many were claimed once their attempts are recorded. The periodic timer does not
     * wait for it: a slow endpoint holds only its own slots, and the next tick claims into the free ones.
     */
    public Uni<Integer> sweep() {
        int room = config.batchSize() - inFlight.get();
        if (room <= 0 || !claiming.compareAndSet(false, true)) {
            return Uni.createFrom().item(0);
        }
        Instant now = clock.instant();
        return store.claimDue(pool, now, now.plus(config.claimLease()), room)
                .eventually(() -> claiming.set(false))
                .chain(claimed -> {
                    backlog = claimed.size() == room;
                    if (claimed.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    inFlight.addAndGet(claimed.size());
                    List<Uni<Void>> attempts = claimed.stream()
                            .map(message -> attempt(message).eventually(this::finished))
                            .toList();
                    return Uni.join().all(attempts).andCollectFailures().replaceWith(claimed.size());
                });
    }

    /** One attempt done: with a backlog, claim again once half the slots are free rather than waiting for the tick. */
    private void finished() {
        if (inFlight.decrementAndGet() <= config.batchSize() / 2 && backlog) {
            kick();
        }
    }

    private void kick() {
        sweep().subscribe().with(n -> { }, e -> LOG.warnf("delivery round failed: %s", e.toString()));
    }

    private Uni<Void> attempt(ClaimedMessage message) {
        Uni<AttemptResult> result;
        if (message.needsHandshake()) {
            result = sender.handshake(message.url()).chain(handshake -> handshake.allowed()
                    ? store.markVerified(pool, message.endpointId(), handshake.allowedRate()).chain(() -> sender.send(message))
                    : Uni.createFrom().item(handshake.result()));
        } else {
            result = sender.send(message);
        }
        return result.chain(outcome -> {
            Instant at = clock.instant();
            Decision decision = policy.decide(message.attemptsBefore() + 1, outcome, at);
            LOG.debugf("message %d (%s) attempt %d: %s %s -> %s", message.id(), message.event().id(),
                    message.attemptsBefore() + 1, outcome.status(), outcome.error(), decision.kind());
            return store.record(pool, message, outcome, decision, at);
        }).onFailure().invoke(e -> LOG.warnf("recording attempt of message %d failed (its claim expires): %s",
                message.id(), e.toString())).onFailure().recoverWithNull().replaceWithVoid();
    }
}
