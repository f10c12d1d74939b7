package dev.eventfold.campaignaggregator.replay;

import dev.eventfold.campaignaggregator.domain.CampaignAggregator;
import dev.eventfold.campaignaggregator.store.CampaignStatsStore;
import dev.eventfold.campaignaggregator.store.CampaignVersions;
import dev.eventfold.campaignaggregator.store.ProjectionStore;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.runtime.replay.ProjectionVersions;
import dev.eventfold.runtime.replay.ReplayFold;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

import java.util.List;
import java.util.Set;

/**
 * The campaign projection as the runtime's replay sees it: its versions, its migrations, the live handler's write
 * path, and at the switch the stats versions carried over (so stats events keep new ids and a growing sequence).
 */
public final class CampaignReplayFold implements ReplayFold {

    private static final ProjectionVersions VERSIONS = new ProjectionVersions(CampaignVersions.BASE_SCHEMA);

    private final ProjectionStore store = ProjectionStore.standalone();

    @Override
    public String functionName() {
        return CampaignAggregator.FUNCTION_NAME;
    }

    @Override
    public ProjectionVersions versions() {
        return VERSIONS;
    }

    @Override
    public String migrations() {
        return "classpath:db/" + CampaignVersions.BASE_SCHEMA;
    }

    @Override
    public Set<EventType> consumes() {
        return CampaignAggregator.CONSUMES;
    }

    @Override
    public Uni<List<CloudEvent>> applyTo(String schema, List<CloudEvent> events, SqlConnection tx) {
        return store.applyEvents(schema, events, tx).replaceWith(List.of());
    }

    @Override
    public Uni<Void> beforeSwitch(SqlConnection tx, String from, String to) {
        return CampaignStatsStore.carryVersions(tx, from, to);
    }
}
