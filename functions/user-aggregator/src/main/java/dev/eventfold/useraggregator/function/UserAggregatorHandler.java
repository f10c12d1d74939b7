package dev.eventfold.useraggregator.function;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.runtime.processing.EventHandler;
import dev.eventfold.useraggregator.domain.UserAggregator;
import dev.eventfold.useraggregator.store.UserBatch;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What the runtime calls for new user events, from either trigger: the projection's one write path. One event is a
 * batch of one; a batch is folded by the pure {@link UserAggregator} and written by {@link UserBatch} in about ten
 * statements whatever its size.
 */
@ApplicationScoped
public class UserAggregatorHandler implements EventHandler {

    @Inject
    UserAggregatorConfig config;

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
        return applyBatch(List.of(event), tx);
    }

    @Override
    public Uni<List<CloudEvent>> applyBatch(List<CloudEvent> events, SqlConnection tx) {
        return UserBatch.applyToActive(events, tx, config.maxParkedPerUser());
    }

    /** The active version's {@code applied_events} is the record of what was applied: the runtime keeps no second. */
    @Override
    public boolean recordsApplied() {
        return true;
    }

    @Override
    public Uni<List<CloudEvent>> applyBatch(List<CloudEvent> events, SqlConnection tx, Consumer<CloudEvent> duplicate) {
        return UserBatch.applyToActive(events, tx, config.maxParkedPerUser(), duplicate);
    }
}
