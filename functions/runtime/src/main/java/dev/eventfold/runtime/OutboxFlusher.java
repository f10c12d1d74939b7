package dev.eventfold.runtime;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Emits derived events left in the outbox by a failed emit or a crash between commit and emit: before the next
 * event is processed when this instance knows it is behind (so derived events keep their order), and on a
 * timer for rows older than {@code eventfold.outbox.min-age} (e.g. after a crash, or with no further traffic).
 */
@ApplicationScoped
public class OutboxFlusher {

    private static final Logger LOG = Logger.getLogger(OutboxFlusher.class);
    private static final int CHUNK = 500;

    @Inject
    Instance<Pool> pools;
    @Inject
    Instance<EventHandler> handlers;
    @Inject
    OutboxStore outbox;
    @Inject
    DerivedEventEmitter emitter;
    @Inject
    RuntimeConfig config;
    @Inject
    Vertx vertx;

    /** True until the outbox was flushed once after start, and again after an emit failed. */
    private final AtomicBoolean behind = new AtomicBoolean(true);
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    void start(@Observes StartupEvent start) {
        if (handlers.isResolvable() && pools.isResolvable() && !config.outboxFlushInterval().isZero()) {
            timer = vertx.setPeriodic(config.outboxFlushInterval().toMillis(), id -> flushOlderThan(config.outboxMinAge())
                    .subscribe().with(n -> {
                    }, e -> LOG.warnf("outbox flush failed, retried in %s: %s", config.outboxFlushInterval(), e.toString())));
        }
    }

    void stop(@Observes ShutdownEvent stop) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    void markBehind() {
        behind.set(true);
    }

    /** Emits every pending derived event first when an earlier emit failed (or after start); else nothing. */
    public Uni<Void> flushIfBehind() {
        if (!behind.get()) {
            return Uni.createFrom().voidItem();
        }
        return flushOlderThan(Duration.ZERO).invoke(n -> {
            if (n >= 0) {
                behind.set(false);
            }
        }).replaceWithVoid();
    }

    /** Emits, in order, pending derived events older than {@code minAge}; how many, or -1 when a flush was running. */
    public Uni<Integer> flushOlderThan(Duration minAge) {
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().item(-1);
        }
        return flushChunks(minAge, 0).eventually(() -> running.set(false));
    }

    private Uni<Integer> flushChunks(Duration minAge, int sent) {
        Pool pool = pools.get();
        return pool.withTransaction(tx -> outbox.lockOldest(tx, minAge, CHUNK).chain(pending -> {
                    List<Long> ids = pending.stream().map(OutboxStore.Pending::id).toList();
                    return emitter.emit(pending.stream().map(OutboxStore.Pending::event).toList())
                            .chain(() -> outbox.delete(tx, ids))
                            .replaceWith(pending.size());
                }))
                .chain(n -> {
                    if (n > 0) {
                        LOG.infof("emitted %d derived events from the outbox", n);
                    }
                    return n == CHUNK ? flushChunks(minAge, sent + n) : Uni.createFrom().item(sent + n);
                });
    }
}
