package dev.eventfold.campaignaggregator.store;

import dev.eventfold.runtime.processing.RuntimeConfig;
import dev.eventfold.runtime.replay.ProjectionVersions;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The projection's schema versions, based on the function's schema ({@code eventfold.schema}): which one the read
 * API and the stats flusher read, and which one live writes lock ({@link ProjectionVersions}).
 */
@ApplicationScoped
public class CampaignVersions {

    /** The base schema the replay command works on. */
    public static final String BASE_SCHEMA = "campaign_aggregator";

    @Inject
    RuntimeConfig config;

    @Inject
    Pool pool;

    private volatile ProjectionVersions versions;

    public ProjectionVersions versions() {
        ProjectionVersions v = versions;
        if (v == null) {
            v = versions = new ProjectionVersions(config.schema());
        }
        return v;
    }

    /** The version serving reads now. */
    public Uni<String> active() {
        return versions().current(pool);
    }
}
