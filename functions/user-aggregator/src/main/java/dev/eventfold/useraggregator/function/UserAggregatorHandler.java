package dev.eventfold.useraggregator.function;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.runtime.processing.EventHandler;
import dev.eventfold.useraggregator.domain.UserAggregator;
import dev.eventfold.useraggregator.store.UserBatch;
import dev.eventfold.useraggregator.store.UserProjection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Set;

/** What the runtime calls for each new user event, from either trigger: the projection's live write path. */
@ApplicationScoped
public class UserAggregatorHandler implements EventHandler {

    @Override
    public String functionName() {
        return UserAggregator.FUNCTION_NAME;
    }

    @Override
    public Set<EventType> consumes() {
        return UserAggregator.CONSUMES;
    }

    @Override
    public Uni<List<CloudEvent>> apply(CloudEvent event, SqlConnection tx) {
        return UserProjection.applyToActive(event, tx);
    }

    /** A Kafka batch in about ten statements whatever its size (same fold, see {@link UserBatch}). */
    @Override
    public Uni<List<CloudEvent>> applyBatch(List<CloudEvent> events, SqlConnection tx) {
        return UserBatch.applyToActive(events, tx);
    }
}
