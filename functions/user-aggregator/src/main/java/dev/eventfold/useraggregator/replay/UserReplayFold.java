package dev.eventfold.useraggregator.replay;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.runtime.replay.ProjectionVersions;
import dev.eventfold.runtime.replay.ReplayFold;
import dev.eventfold.useraggregator.domain.UserAggregator;
import dev.eventfold.useraggregator.store.ActiveVersion;
import dev.eventfold.useraggregator.store.ProjectionMigrations;
import dev.eventfold.useraggregator.store.UserBatch;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

import java.util.List;
import java.util.Set;

/** The user projection as the runtime's replay sees it: its versions, its migrations, the one write path. */
public final class UserReplayFold implements ReplayFold {

    @Override
    public String functionName() {
        return UserAggregator.FUNCTION_NAME;
    }

    @Override
    public ProjectionVersions versions() {
        return ActiveVersion.VERSIONS;
    }

    @Override
    public String migrations() {
        return ProjectionMigrations.LOCATION;
    }

    @Override
    public Set<EventType> consumes() {
        return UserAggregator.CONSUMES;
    }

    @Override
    public Uni<List<CloudEvent>> applyTo(String schema, List<CloudEvent> events, SqlConnection tx) {
        return UserBatch.applyTo(schema, events, tx);
    }
}
