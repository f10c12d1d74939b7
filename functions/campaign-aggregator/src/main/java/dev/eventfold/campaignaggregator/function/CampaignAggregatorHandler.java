package dev.eventfold.campaignaggregator.function;

import dev.eventfold.campaignaggregator.domain.CampaignAggregator;
import dev.eventfold.campaignaggregator.store.CampaignVersions;
import dev.eventfold.campaignaggregator.store.ProjectionStore;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.runtime.processing.EventHandler;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Set;

/**
 * Plugs campaign-aggregator into the runtime: the pure core decides the projection changes and the store
 * applies them in the runtime's transaction. No derived event per input: stats are coalesced by
 * {@link CampaignStatsFlusher} from the campaigns this transaction marked dirty.
 */
@ApplicationScoped
public class CampaignAggregatorHandler implements EventHandler {

    @Inject
    ProjectionStore store;

    @Inject
    CampaignVersions versions;

    @Override
    public String functionName() {
        return CampaignAggregator.FUNCTION_NAME;
    }

    @Override
    public Set<EventType> consumes() {
        return CampaignAggregator.CONSUMES;
    }

    @Override
    public Uni<List<CloudEvent>> apply(CloudEvent event, SqlConnection tx) {
        return applyBatch(List.of(event), tx);
    }

    /**
     * Events in the runtime's transaction, on the active schema version (held shared, so a replay's switch waits
     * for this transaction): the pure core turns every event into its changes first (an event that can never apply
     * is named, so the runtime dead-letters exactly that one and redoes the rest), then the store applies them in
     * order, consecutive views and consecutive created / sent / clicked changes set-based.
     */
    @Override
    public Uni<List<CloudEvent>> applyBatch(List<CloudEvent> events, SqlConnection tx) {
        return versions.versions().lockForWrite(tx)
                .chain(schema -> store.applyEvents(schema, events, tx))
                .replaceWith(List.of());
    }
}
