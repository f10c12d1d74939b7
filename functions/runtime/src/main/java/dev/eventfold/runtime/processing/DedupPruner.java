package dev.eventfold.runtime.processing;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Keeps {@code processed_events} bounded: every {@code eventfold.dedup.prune-interval} it deletes the records older
 * than {@code eventfold.dedup.retention}, a chunk per statement so that no long transaction holds locks on the table
 * the hot path inserts into. Every replica may run it; deleting the same rows twice is harmless.
 */
@ApplicationScoped
public class DedupPruner {

    private static final Logger LOG = Logger.getLogger(DedupPruner.class);
    static final int CHUNK = 10_000;

    @Inject
    Instance<Pool> pools;
    @Inject
    Instance<EventHandler> handlers;
    @Inject
    RuntimeConfig runtime;
    @Inject
    StateConfig state;
    @Inject
    Vertx vertx;

    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    void start(@Observes StartupEvent start) {
        if (handlers.isResolvable() && pools.isResolvable() && !state.dedup().retention().isZero()
                && !state.dedup().pruneInterval().isZero()) {
            timer = vertx.setPeriodic(state.dedup().pruneInterval().toMillis(), id -> {
                if (running.compareAndSet(false, true)) {
                    prune().subscribe().with(n -> running.set(false), failure -> {
                        running.set(false);
                        LOG.warnf("pruning dedup records failed, retried in %s: %s", state.dedup().pruneInterval(),
                                failure.toString());
                    });
                }
            });
        }
    }

    void stop(@Observes ShutdownEvent stop) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Deletes every dedup record older than the retention; how many it deleted. */
    public Uni<Long> prune() {
        return pruneFrom(0);
    }

    private Uni<Long> pruneFrom(long deleted) {
        String table = runtime.table("processed_events");
        String sql = "DELETE FROM " + table + " WHERE ctid = ANY (ARRAY(SELECT ctid FROM " + table
                + " WHERE processed_at < now() - make_interval(secs => $1) LIMIT $2))";
        double seconds = state.dedup().retention().toMillis() / 1000.0;
        return pools.get().preparedQuery(sql).execute(Tuple.of(seconds, CHUNK)).chain(rows -> {
            long total = deleted + rows.rowCount();
            if (rows.rowCount() == CHUNK) {
                return pruneFrom(total);
            }
            if (total > 0) {
                LOG.infof("pruned %d dedup records older than %s", total, state.dedup().retention());
            }
            return Uni.createFrom().item(total);
        });
    }
}
