package dev.eventfold.useraggregator.function;

import dev.eventfold.useraggregator.store.ActiveVersion;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds the parked events of users whose created never comes: every {@code parked-expiry-interval} the parked
 * events older than {@code parked-max-age} (by when they were parked) are marked rejected with the reason
 * {@code expired}, out of every later lookup, and counted. A created arriving later starts its user afresh.
 */
@ApplicationScoped
public class ParkedExpiry {

    private static final Logger LOG = Logger.getLogger(ParkedExpiry.class);
    public static final String EXPIRED = "eventfold.user-aggregator.parked.expired";

    @Inject
    Pool pool;
    @Inject
    UserAggregatorConfig config;
    @Inject
    MeterRegistry registry;
    @Inject
    Vertx vertx;

    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    void start(@Observes StartupEvent start) {
        if (!config.parkedMaxAge().isZero() && !config.parkedExpiryInterval().isZero()) {
            timer = vertx.setPeriodic(config.parkedExpiryInterval().toMillis(), id -> {
                if (running.compareAndSet(false, true)) {
                    expire().subscribe().with(n -> running.set(false), failure -> {
                        running.set(false);
                        LOG.warnf("expiring parked events failed, retried in %s: %s", config.parkedExpiryInterval(),
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

    /** Marks the parked events of the active version older than the maximum age as expired; how many. */
    public Uni<Integer> expire() {
        double seconds = config.parkedMaxAge().toMillis() / 1000.0;
        return ActiveVersion.current(pool).chain(schema -> pool.preparedQuery("UPDATE " + schema + ".parked_events "
                        + "SET rejected_reason = 'expired: no user.created within ' || $2 "
                        + "WHERE rejected_reason IS NULL AND parked_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of(seconds, config.parkedMaxAge().toString())))
                .map(rows -> {
                    int n = rows.rowCount();
                    if (n > 0) {
                        registry.counter(EXPIRED).increment(n);
                        LOG.infof("%d parked events expired: no user.created within %s", n, config.parkedMaxAge());
                    }
                    return n;
                });
    }
}
