package dev.eventfold.webhooks.delivery;

import dev.eventfold.webhooks.WebhooksConfig;
import dev.eventfold.webhooks.domain.AttemptResult;
import dev.eventfold.webhooks.domain.Decision;
import dev.eventfold.webhooks.domain.RetryPolicy;
import dev.eventfold.webhooks.store.ClaimedMessage;
import dev.eventfold.webhooks.store.MessageStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
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
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The delivery loop of one replica: every poll interval (and on each sweep request, the Knative PingSource's way
 * in) it claims due messages ({@code FOR UPDATE SKIP LOCKED}, so replicas share the work without double sends),
 * sends each once, records the attempt and schedules the next one by the {@link RetryPolicy}. At most one round
 * runs at a time per replica, each bounded by the batch size: memory stays bounded whatever the backlog.
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

    private final AtomicBoolean running = new AtomicBoolean();
    private RetryPolicy policy;
    private long timer = -1;

    void start(@Observes StartupEvent start) {
        policy = new RetryPolicy(config.retrySchedule(), config.jitter(), config.maxRetryAfter(),
                () -> ThreadLocalRandom.current().nextDouble());
        if (config.worker().enabled()) {
            timer = vertx.setPeriodic(config.pollInterval().toMillis(), id -> sweep().subscribe().with(
                    n -> { }, e -> LOG.warnf("delivery round failed: %s", e.toString())));
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
     * Delivers due messages until none is left (or a round claims less than a full batch); returns how many
     * attempts were made. A sweep while another runs on this replica returns 0 at once.
     */
    public Uni<Integer> sweep() {
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().item(0);
        }
        return round(0).eventually(() -> running.set(false));
    }

    private Uni<Integer> round(int doneSoFar) {
        Instant now = clock.instant();
        return store.claimDue(pool, now, now.plus(config.claimLease()), config.batchSize())
                .chain(claimed -> Multi.createFrom().iterable(claimed)
                        .onItem().transformToUni(this::attempt).merge(config.batchSize())
                        .collect().asList()
                        .chain(done -> claimed.size() < config.batchSize()
                                ? Uni.createFrom().item(doneSoFar + claimed.size())
                                : round(doneSoFar + claimed.size())));
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
