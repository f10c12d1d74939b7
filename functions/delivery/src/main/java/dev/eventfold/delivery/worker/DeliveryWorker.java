package dev.eventfold.delivery.worker;

import dev.eventfold.delivery.Batch;
import dev.eventfold.delivery.DeliveryConfig;
import dev.eventfold.delivery.Destination;
import dev.eventfold.delivery.Message;
import dev.eventfold.delivery.Transport;
import dev.eventfold.delivery.domain.Decision;
import dev.eventfold.delivery.domain.Outcome;
import dev.eventfold.delivery.domain.RetryPolicy;
import dev.eventfold.delivery.domain.TokenBucket;
import dev.eventfold.delivery.store.DeliveryStore;
import dev.eventfold.delivery.store.Wakeups;
import dev.eventfold.runtime.outbox.OutboxRelay;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The delivery loop of one replica: when woken ({@link #wake()}: messages enqueued, replayed or resumed here or,
 * through {@code NOTIFY}, in another replica; an ordered subject's next message freed; a destination at its cap
 * freed a slot), every poll interval, and on each {@link #sweep()} (a Knative PingSource's way in) it claims due
 * messages ({@code FOR UPDATE SKIP LOCKED}, so replicas share the work without double sends), groups them per
 * destination into batches within the transport's limits, sends each batch through its {@link Transport},
 * records every attempt and schedules the next by the {@link RetryPolicy}. At most {@code max-in-flight}
 * messages are in flight per replica: memory stays bounded whatever the backlog. Claims are coalesced: one at a
 * time, at least {@code wakeup.min-interval} apart when woken, and a wake-up that arrives while one runs makes
 * exactly one more afterwards.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);

    @Inject
    DeliveryConfig config;
    @Inject
    DeliveryStore store;
    @Inject
    Pool pool;
    @Inject
    Clock clock;
    @Inject
    Vertx vertx;
    @Inject
    @Any
    Instance<Transport> transportBeans;
    @Inject
    OutboxRelay relay;
    @Inject
    Wakeups wakeups;
    @Inject
    WakeupListener listener;

    private final AtomicBoolean claiming = new AtomicBoolean();
    /** A claim was asked for while one ran (or while no slot was free): claim again once it ends (or a slot frees). */
    private final AtomicBoolean again = new AtomicBoolean();
    /** A timer for the next claim is set (see {@link #kick()}). */
    private final AtomicBoolean timerSet = new AtomicBoolean();
    private volatile long lastClaimStart = System.nanoTime() - TimeUnit.DAYS.toNanos(1);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<String, Transport> transports = new HashMap<>();
    /**
     * Per destination: messages in flight here and its rate bucket (the lower of its rate limit and its
     * receiver's, per minute); bounded by max-tracked-destinations.
     */
    private final LinkedHashMap<UUID, Held> held = new LinkedHashMap<>(16, 0.75f, true);

    /** What this replica holds of one destination. */
    private static final class Held {
        int inFlight;
        TokenBucket bucket;
        /** The last claim that took some of it took all its cap allowed: more may be due once a slot frees. */
        boolean atCap;
    }
    private volatile boolean backlog;
    private RetryPolicy policy;
    private AttemptRecorder recorder;
    private long timer = -1;
    private long pruneTimer = -1;

    void start(@Observes StartupEvent start) {
        policy = new RetryPolicy(config.retrySchedule(), config.jitter(), config.maxRetryAfter(),
                () -> ThreadLocalRandom.current().nextDouble());
        recorder = new AttemptRecorder(store, pool, relay, this::wake);
        for (Transport transport : transportBeans) {
            Transport previous = transports.put(transport.name(), transport);
            if (previous != null) {
                throw new IllegalStateException("two transports named " + transport.name());
            }
        }
        if (config.worker().enabled() && !transports.isEmpty()) {
            wakeups.onWake(this::wake);
            if (config.wakeup().listen()) {
                listener.start(this::wake);
            }
            timer = vertx.setPeriodic(config.pollInterval().toMillis(), id -> kick());
            pruneTimer = vertx.setPeriodic(config.retention().interval().toMillis(), id -> prune()
                    .subscribe().with(n -> LOG.debugf("pruned %d attempts", n), e -> LOG.warnf("pruning failed: %s", e.toString())));
        }
    }

    /** Deletes the attempts older than {@code retention.attempts}; how many. */
    public Uni<Integer> prune() {
        return store.pruneAttempts(pool, clock.instant().minus(config.retention().attempts()), config.retention().batchSize());
    }

    void stop(@Observes ShutdownEvent stop) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        if (pruneTimer >= 0) {
            vertx.cancelTimer(pruneTimer);
        }
        listener.stop();
    }

    public RetryPolicy policy() {
        return policy;
    }

    /**
     * Asks for a claim now (messages became due): coalesced with the one that runs, if any, which then claims once
     * more; never more than one claim in flight.
     */
    public void wake() {
        if (!transports.isEmpty() && config.worker().enabled()) {
            kick();
        }
    }

    /**
     * Claims as many due messages as this replica has room for and sends them; completes with how many were
     * claimed once their attempts are recorded. The periodic timer does not wait for it: a slow destination holds
     * only its own slots, and the next tick claims into the free ones. While a claim runs, another completes with
     * 0 at once and the running one claims again when it ends.
     */
    public Uni<Integer> sweep() {
        if (transports.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        if (!claiming.compareAndSet(false, true)) {
            again.set(true);
            // the running claim looks at `again` after it ended: unless it ended meanwhile, it claims once more
            if (!claiming.compareAndSet(false, true)) {
                return Uni.createFrom().item(0);
            }
        }
        again.set(false);   // what asked for a claim until now is served by this one
        int room = config.maxInFlight() - inFlight.get();
        if (room <= 0) {
            again.set(true);    // the next batch to finish claims
            claiming.set(false);
            return Uni.createFrom().item(0);
        }
        lastClaimStart = System.nanoTime();
        Instant now = clock.instant();
        DeliveryStore.Holdings before = holdings();
        return Uni.createFrom().deferred(() -> store.claim(pool, now, now.plus(config.claimLease()), room,
                        List.copyOf(transports.keySet()), before))
                .onItemOrFailure().invoke((claimed, failure) -> {
                    // counted before the next claim may start, so that it respects what this one took
                    if (claimed != null && !claimed.isEmpty()) {
                        inFlight.addAndGet(claimed.size());
                        hold(claimed, before);
                    }
                    backlog = claimed != null && claimed.size() == room;
                    claiming.set(false);
                    if (again.get()) {
                        kick();
                    }
                })
                .chain(claimed -> {
                    if (claimed.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    List<Uni<Void>> sends = batches(claimed).stream()
                            .map(batch -> deliver(batch).eventually(() -> finished(batch)))
                            .toList();
                    return Uni.join().all(sends).andCollectFailures().replaceWith(claimed.size());
                });
    }

    /** Per destination, in claim order, cut at the transport's most messages and bytes. */
    List<Batch> batches(List<DeliveryStore.Claimed> claimed) {
        Map<UUID, List<DeliveryStore.Claimed>> byDestination = new LinkedHashMap<>();
        for (DeliveryStore.Claimed c : claimed) {
            byDestination.computeIfAbsent(c.message().destinationId(), k -> new ArrayList<>()).add(c);
        }
        List<Batch> batches = new ArrayList<>();
        for (List<DeliveryStore.Claimed> group : byDestination.values()) {
            DeliveryStore.Claimed first = group.get(0);
            Transport transport = transports.get(first.transport());
            Destination destination = first.destination();
            List<Message> current = new ArrayList<>();
            long bytes = 0;
            for (DeliveryStore.Claimed c : group) {
                long size = c.message().payload().length();
                if (!current.isEmpty() && (current.size() >= transport.maxBatchCount() || bytes + size > transport.maxBatchBytes())) {
                    batches.add(new Batch(destination, current));
                    current = new ArrayList<>();
                    bytes = 0;
                }
                current.add(c.message());
                bytes += size;
            }
            batches.add(new Batch(destination, current));
        }
        return batches;
    }

    /**
     * Frees the batch's slots and claims again when that may send more: a full claim left a backlog, a claim was
     * asked for while no slot was free, or the destination was at its cap (its next messages wait for a slot).
     */
    private void finished(Batch batch) {
        int messages = batch.messages().size();
        boolean wasCapped = false;
        synchronized (held) {
            Held h = held.get(batch.destination().id());
            if (h != null) {
                wasCapped = h.atCap;
                h.inFlight = Math.max(0, h.inFlight - messages);
                if (h.inFlight == 0 && h.bucket == null) {
                    held.remove(batch.destination().id());
                }
            }
        }
        if (inFlight.addAndGet(-messages) <= config.maxInFlight() / 2 && backlog || again.get() || wasCapped) {
            kick();
        }
    }

    /** The per-destination holdings the next claim must respect. */
    DeliveryStore.Holdings holdings() {
        long now = nanos();
        List<UUID> ids = new ArrayList<>();
        List<Integer> inFlights = new ArrayList<>();
        List<Integer> tokens = new ArrayList<>();
        synchronized (held) {
            var entries = held.entrySet().iterator();
            while (entries.hasNext()) {
                Map.Entry<UUID, Held> e = entries.next();
                Held h = e.getValue();
                if (h.inFlight == 0 && (h.bucket == null || h.bucket.full(now))) {
                    entries.remove(); // idle with a full bucket: forgetting it changes nothing
                    continue;
                }
                ids.add(e.getKey());
                inFlights.add(e.getValue().inFlight);
                tokens.add(e.getValue().bucket == null ? -1 : e.getValue().bucket.available(now));
            }
        }
        return new DeliveryStore.Holdings(ids, inFlights, tokens);
    }

    /** Counts what was claimed against each destination's in-flight and rate limits; forgets idle ones beyond the bound. */
    private void hold(List<DeliveryStore.Claimed> claimed, DeliveryStore.Holdings before) {
        long now = nanos();
        Map<UUID, Integer> taken = new HashMap<>();   // per destination: held when the claim ran, plus what it took
        for (DeliveryStore.Claimed c : claimed) {
            taken.merge(c.message().destinationId(), 1, Integer::sum);
        }
        for (int i = 0; i < before.destinations().size(); i++) {
            int heldBefore = before.inFlight().get(i);
            taken.computeIfPresent(before.destinations().get(i), (id, n) -> n + heldBefore);
        }
        synchronized (held) {
            for (Map.Entry<UUID, Integer> e : taken.entrySet()) {
                held.computeIfAbsent(e.getKey(), k -> new Held()).atCap = e.getValue() >= config.destinationMaxInFlight();
            }
            for (DeliveryStore.Claimed c : claimed) {
                Held h = held.get(c.message().destinationId());
                h.inFlight++;
                Integer rate = c.destination().ratePerMinute();
                if (rate == null) {
                    h.bucket = null;
                } else {
                    if (h.bucket == null || h.bucket.perMinute() != rate) {
                        h.bucket = TokenBucket.perMinute(rate, now);
                    }
                    h.bucket.take(1, now);
                }
            }
            var oldest = held.entrySet().iterator();
            while (held.size() > config.maxTrackedDestinations() && oldest.hasNext()) {
                Held h = oldest.next().getValue();
                // an idle destination forgets its bucket (it starts again with one second's worth)
                if (h.inFlight == 0) {
                    oldest.remove();
                }
            }
        }
    }

    /** The rate buckets' time: the injected clock's, in nanoseconds (tests move it to refill them). */
    private long nanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** How many destinations this replica tracks now (bounded by {@code max-tracked-destinations}). */
    public int trackedDestinations() {
        synchronized (held) {
            return held.size();
        }
    }

    /**
     * A claim now, or, within {@code wakeup.min-interval} of the last one's start, one timer for the rest of that
     * interval: whatever asks meanwhile shares it, so a replica claims at most once per interval however many
     * commits, recordings and finished batches wake it.
     */
    private void kick() {
        long wait = lastClaimStart + config.wakeup().minInterval().toNanos() - System.nanoTime();
        if (wait > 0) {
            if (timerSet.compareAndSet(false, true)) {
                vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)), id -> {
                    timerSet.set(false);
                    kick();
                });
            }
            return;
        }
        sweep().subscribe().with(n -> { }, e -> LOG.warnf("delivery round failed: %s", e.toString()));
    }

    private Uni<Void> deliver(Batch batch) {
        Transport transport = transports.get(batch.destination().transport());
        int size = batch.messages().size();
        return Uni.createFrom().deferred(() -> transport.send(batch))
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("transport %s failed a batch of %d: %s", transport.name(), size, e.toString());
                    return List.of();
                })
                .chain(outcomes -> {
                    Instant at = clock.instant();
                    List<DeliveryStore.Recorded> recorded = new ArrayList<>(size);
                    for (int i = 0; i < size; i++) {
                        Message message = batch.messages().get(i);
                        Outcome outcome = outcomes != null && outcomes.size() == size && outcomes.get(i) != null
                                ? outcomes.get(i)
                                : Outcome.error("transport " + transport.name() + " gave no outcome for this message", 0);
                        Decision decision = policy.decide(message.attempt(), outcome, at);
                        LOG.debugf("message %d (%s) attempt %d: %s %s -> %s", message.id(), message.eventId(),
                                message.attempt(), outcome.kind(), outcome.responseCode(), decision.kind());
                        recorded.add(new DeliveryStore.Recorded(message, outcome, decision));
                    }
                    return recorder.record(new DeliveryStore.Round(recorded, at));
                })
                .onFailure().invoke(e -> LOG.warnf("recording a batch of %d failed (its claims expire): %s", size, e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }
}
