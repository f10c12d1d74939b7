package dev.eventfold.runtime.testapp;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.ValidationException;
import dev.eventfold.model.payload.UserCreated;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.util.List;

/** A handler that folds a whole batch itself and rejects it without naming the event (enabled by a test profile). */
@Alternative
@ApplicationScoped
public class BulkCounterHandler extends CounterHandler {

    @Override
    public Uni<List<CloudEvent>> applyBatch(List<CloudEvent> events, SqlConnection tx) {
        if (events.stream().anyMatch(e -> POISON.equals(e.payload(UserCreated.class).name()))) {
            return Uni.createFrom().failure(new ValidationException("data.name", "is poison somewhere in the batch"));
        }
        return super.applyBatch(events, tx);
    }
}
