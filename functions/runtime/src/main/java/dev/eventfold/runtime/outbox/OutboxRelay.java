package dev.eventfold.runtime.outbox;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.runtime.emit.DerivedEventEmitter;
import dev.eventfold.runtime.observe.EventMetrics;
import dev.eventfold.runtime.processing.EventHandler;
import dev.eventfold.runtime.processing.StateConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Takes derived events from the outbox to Kafka, in commit order, one send at a time: what commits while a send
 * is in flight leaves together in the next one, and committed rows are deleted once Kafka acknowledged them.
 * <p>
 * When a send fails, the relay is <em>behind</em>: it sends nothing directly until a pass over the outbox table
 * (in id order) has emitted every pending row, so a derived event never overtakes an older one of the same
 * subject. It is also behind after start, so that what a previous process left is sent before anything new, and
 * a timer sends rows older than {@code eventfold.outbox.min-age} (another replica that died between commit and
 * emit). What it holds in memory is bounded ({@code eventfold.outbox.max-queued} events): past the bound, and for
 * everything that waits for a catch-up pass, it keeps only the callers' futures. Rows may be sent twice (after a failure, or by two replicas); their ids are deterministic, so consumers
 * deduplicate them.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int HANDED_REMEMBERED = 1 << 16;

    @Inject
    Instance<Pool> pools;
    @Inject
    Instance<EventHandler> handlers;
    @Inject
    OutboxStore outbox;
    @Inject
    DerivedEventEmitter emitter;
    @Inject
    StateConfig state;
    @Inject
    Vertx vertx;
    @Inject
    EventMetrics metrics;

    /** Committed derived events waiting for the relay, and who waits for them. */
    private record Committed(List<CloudEvent> events, List<Long> ids, CompletableFuture<Void> sent) {
    }

    // guarded by this
    private final ArrayDeque<Committed> queue = new ArrayDeque<>();
    private int queuedEvents;
    private boolean behind = true;
    private boolean busy;
    private boolean sweepDue;
    private final List<Long> acked = new ArrayList<>();
    /**
     * The outbox ids this relay was handed, newest last, the oldest forgotten past {@link #HANDED_REMEMBERED}: far
     * more than it can hold in flight, so a row of its own still in the table is always among them.
     */
    private final LinkedHashSet<Long> handed = new LinkedHashSet<>();
    private boolean deleting;
    /**
     * Rows that passes sent (and deleted) since the last direct send or catch-up started: a batch handed over while
     * a pass ran may have committed before the pass read the table, so the pass sent it already and the direct
     * send skips it (at most {@link #HANDED_REMEMBERED}; past that it is forgotten, which only costs a resend).
     */
    private final Set<Long> sentByPasses = new HashSet<>();
    private long timer = -1;

    @PostConstruct
    void exposeQueue() {
        metrics.outboxQueued(this::queuedEvents);
    }

    private synchronized int queuedEvents() {
        return queuedEvents;
    }

    void start(@Observes StartupEvent start) {
        if (handlers.isResolvable() && pools.isResolvable() && !state.outbox().flushInterval().isZero()) {
            timer = vertx.setPeriodic(state.outbox().flushInterval().toMillis(), id -> {
                synchronized (this) {
                    sweepDue = true;
                }
                pump();
            });
        }
    }

    void stop(@Observes ShutdownEvent stop) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /**
     * Hands over derived events that were just committed to the outbox as {@code added}. Returns at once; the Uni
     * completes (on the caller's Vert.x context) when Kafka acknowledged them, directly or through a pass over
     * the outbox. It never fails: until Kafka takes them they stay in the outbox and the relay keeps trying.
     * <p>
     * {@code added} also names the rows with events of the same keys that were already waiting in the outbox when
     * these were written ({@link OutboxStore#add}). When one of those older rows is not one this relay was handed
     * (another replica committed it, or a previous process that died before deleting it), sending the new events
     * now could put a subject's newer state before its older one: the relay falls behind instead, and the catch-up
     * pass sends the table in id order, that older row first. So it does when the check was skipped
     * ({@code unchecked}: the caller saw the relay behind).
     */
    public Uni<Void> relay(List<CloudEvent> events, OutboxStore.Added added) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Long> ids = added.ids();
        Committed committed = new Committed(events, ids, new CompletableFuture<>());
        synchronized (this) {
            if (added.unchecked() || !handed.containsAll(added.olderOfTheirSubjects())) {
                behind = true;
            }
            for (Long id : ids) {
                if (handed.add(id) && handed.size() > HANDED_REMEMBERED) {
                    handed.remove(handed.iterator().next());
                }
            }
            if (queuedEvents + events.size() > Math.max(1, state.outbox().maxQueued())) {
                // full: keep only who waits; the rows are committed, so a pass over the table sends them
                committed = new Committed(List.of(), List.of(), committed.sent());
                behind = true;
            }
            queuedEvents += committed.events().size();
            queue.add(committed);
        }
        pump();
        Context caller = Vertx.currentContext();
        Executor back = caller == null ? Runnable::run : task -> caller.runOnContext(v -> task.run());
        return Uni.createFrom().completionStage(committed.sent()).emitOn(back);
    }

    /** True while sends wait for a pass over the outbox (after start and after a failed send). */
    public synchronized boolean behind() {
        return behind;
    }

    /** Starts the next piece of work unless one is in flight: a catch-up pass, a send, or a timed sweep. */
    private void pump() {
        List<Committed> taken;
        boolean catchUp;
        synchronized (this) {
            if (busy || !pools.isResolvable() || !(behind || sweepDue || !queue.isEmpty())) {
                return;
            }
            busy = true;
            catchUp = behind;
            taken = new ArrayList<>(queue);
            queue.clear();
            queuedEvents = 0;
            if (catchUp || taken.isEmpty()) {
                sweepDue = false;
            }
        }
        Uni<Void> work;
        if (catchUp) {
            // everything taken committed before this pass starts reading, so the pass sends it
            synchronized (this) {
                sentByPasses.clear();
            }
            work = pass(Duration.ZERO, 0).invoke(n -> {
                synchronized (this) {
                    behind = false;
                }
                taken.forEach(c -> c.sent().complete(null));
            }).onFailure().invoke(e -> {
                requeue(taken);
                LOG.warnf("outbox catch-up failed, retried with the next event or in %s: %s",
                        state.outbox().flushInterval(), e.toString());
            }).replaceWithVoid();
        } else if (!taken.isEmpty()) {
            List<CloudEvent> events = new ArrayList<>();
            List<Long> ids = new ArrayList<>();
            synchronized (this) {
                for (Committed c : taken) {
                    if (c.ids().isEmpty() || !sentByPasses.containsAll(c.ids())) {
                        events.addAll(c.events());
                        ids.addAll(c.ids());
                    }
                }
                sentByPasses.clear();
            }
            work = emitter.emit(events).invoke(() -> {
                taken.forEach(c -> c.sent().complete(null));
                deleteAcked(ids);
            }).onFailure().invoke(e -> {
                // they are committed: the catch-up pass sends them, then their callers hear of it
                requeue(taken);
                LOG.warnf("derived events stay in the outbox until Kafka takes them: %s", e.toString());
            });
        } else {
            work = pass(state.outbox().minAge(), 0).onFailure().invoke(e -> LOG.warnf(
                    "outbox sweep failed, retried in %s: %s", state.outbox().flushInterval(), e.toString())).replaceWithVoid();
        }
        boolean retryAtOnce = !catchUp && !taken.isEmpty();
        work.subscribe().with(done -> next(), failure -> {
            synchronized (this) {
                busy = false;
            }
            if (retryAtOnce) {
                pump();
            }
        });
    }

    private synchronized void requeue(List<Committed> taken) {
        behind = true;
        // only who waits goes back: the catch-up pass that comes next sends from the table, not from memory
        for (int i = taken.size() - 1; i >= 0; i--) {
            Committed c = taken.get(i);
            queue.addFirst(c.events().isEmpty() ? c : new Committed(List.of(), List.of(), c.sent()));
        }
    }

    private void next() {
        synchronized (this) {
            busy = false;
        }
        pump();
    }

    /**
     * Emits, in id order and in chunks ({@link OutboxStore#lockOldest}), the outbox rows older than {@code minAge};
     * how many events it sent. A chunk Kafka refuses is sent again one event at a time ({@link #oneByOne}), so that
     * one event that can never be sent does not hold back the others.
     */
    private Uni<Integer> pass(Duration minAge, int sent) {
        return pools.get().withTransaction(tx -> outbox.lockOldest(tx, minAge).chain(pending -> {
                    List<Long> ids = pending.stream().map(OutboxStore.Pending::id).toList();
                    List<CloudEvent> events = new ArrayList<>();
                    pending.forEach(row -> events.addAll(row.events()));
                    return emitter.emit(events)
                            .chain(() -> outbox.delete(tx, ids))
                            .onFailure(DerivedEventEmitter::refusedForGood).recoverWithUni(e -> oneByOne(tx, pending, 0, 0))
                            .replaceWith(new Chunk(ids, events.size()));
                }))
                .chain(chunk -> {
                    // committed: those rows are sent and gone
                    synchronized (this) {
                        if (sentByPasses.size() + chunk.rows().size() > HANDED_REMEMBERED) {
                            sentByPasses.clear();
                        }
                        sentByPasses.addAll(chunk.rows());
                    }
                    if (chunk.events() > 0) {
                        LOG.infof("emitted %d derived events from the outbox", chunk.events());
                    }
                    boolean full = chunk.rows().size() == OutboxStore.PASS_ROWS || chunk.events() >= OutboxStore.PASS_EVENTS;
                    return full ? pass(minAge, sent + chunk.events()) : Uni.createFrom().item(sent + chunk.events());
                });
    }

    /** What one chunk of a pass read: its rows, in id order, and how many events they held. */
    private record Chunk(List<Long> rows, int events) {
    }

    /**
     * Sends the events of the rows from {@code row}, {@code index} on one at a time, in order, deleting each row once
     * Kafka took all of its events. An event Kafka refuses for good is set aside with its reason
     * ({@code outbox_refused}) and a dead-letter notice; any other failure stops the pass (rolled back: the events are
     * sent again, with the same ids, by the next one).
     */
    private Uni<Void> oneByOne(io.vertx.mutiny.sqlclient.SqlConnection tx, List<OutboxStore.Pending> pending, int row,
                               int index) {
        if (row == pending.size()) {
            return Uni.createFrom().voidItem();
        }
        OutboxStore.Pending batch = pending.get(row);
        if (index == batch.events().size()) {
            return outbox.delete(tx, List.of(batch.id())).chain(() -> oneByOne(tx, pending, row + 1, 0));
        }
        CloudEvent event = batch.events().get(index);
        return emitter.emit(List.of(event))
                .onFailure(DerivedEventEmitter::refusedForGood).recoverWithUni(e -> {
                    String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
                    LOG.errorf("derived event %s (%s) set aside: Kafka refuses it for good: %s", event.id(),
                            event.type(), reason);
                    metrics.outboxRefused(event.type());
                    return outbox.refuse(tx, batch.id(), event, reason)
                            .chain(() -> emitter.deadLetterNotice(event, reason));
                })
                .chain(() -> oneByOne(tx, pending, row, index + 1));
    }

    /** Deletes acknowledged rows, one statement at a time, coalescing what is acknowledged meanwhile. */
    private void deleteAcked(List<Long> ids) {
        List<Long> batch;
        synchronized (this) {
            acked.addAll(ids);
            if (deleting || acked.isEmpty()) {
                return;
            }
            deleting = true;
            batch = new ArrayList<>(acked);
            acked.clear();
        }
        outbox.delete(pools.get(), batch).subscribe().with(done -> {
            synchronized (this) {
                deleting = false;
            }
            deleteAcked(List.of());
        }, failure -> {
            // deleted with the next acknowledged rows: a sweep must not send a subject's older state again later
            LOG.debugf("deleting %d sent outbox rows failed, retried with the next: %s", batch.size(), failure.toString());
            synchronized (this) {
                acked.addAll(0, batch);
                deleting = false;
            }
        });
    }
}
