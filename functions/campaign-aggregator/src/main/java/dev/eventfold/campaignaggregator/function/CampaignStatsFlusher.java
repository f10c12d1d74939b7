package dev.eventfold.campaignaggregator.function;

import dev.eventfold.campaignaggregator.domain.CampaignStatsEvents;
import dev.eventfold.campaignaggregator.store.CampaignStatsStore;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.runtime.emit.DerivedEventEmitter;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Emits {@code campaign stats updated} coalesced: once per interval it reads the campaigns whose totals changed
 * since their last stats event, sends one event per campaign with the latest totals (id from the stats version),
 * and only after Kafka acknowledged marks that version emitted. A crash in between re-sends the same ids.
 */
@ApplicationScoped
public class CampaignStatsFlusher {

    private static final Logger LOG = Logger.getLogger(CampaignStatsFlusher.class);
    static final int PAGE = 500;

    @Inject
    CampaignStatsConfig config;

    @Inject
    CampaignStatsStore stats;

    @Inject
    DerivedEventEmitter emitter;

    @Inject
    Vertx vertx;

    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    void start(@Observes StartupEvent start) {
        timer = vertx.setPeriodic(Math.max(config.interval().toMillis(), 10), id -> tick());
    }

    void stop(@Observes ShutdownEvent stop) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void tick() {
        if (!running.compareAndSet(false, true)) {
            return; // the previous flush is still sending
        }
        flush().subscribe().with(
                sent -> running.set(false),
                failure -> {
                    running.set(false);
                    LOG.warnf("campaign stats not flushed, next interval retries: %s", failure.toString());
                });
    }

    /** One flush: emits the due campaigns' latest totals and returns how many events were sent. */
    public Uni<Integer> flush() {
        return stats.dirty(config.interval(), PAGE).chain(due -> {
            if (due.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            Instant now = Instant.now();
            List<CloudEvent> events = due.stream()
                    .map(d -> CampaignStatsEvents.statsUpdated(d.orgId(), d.campaignId(), d.version(), d.totals(), now)
                            .withTrace(d.traceparent(), null))
                    .toList();
            return emitter.emit(events).chain(() -> stats.markEmitted(due)).replaceWith(due.size());
        });
    }

}
