package dev.eventfold.useraggregator.store;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.useraggregator.domain.Outcome;
import dev.eventfold.useraggregator.domain.UserAggregator;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

import java.util.List;

/**
 * Applies one event to a schema version of the user projection inside the caller's transaction: lock the user,
 * skip an event this version already applied, fold it with {@link UserAggregator}, write the outcomes, and return
 * the derived events to emit after commit.
 */
public final class UserProjection {

    private UserProjection() {
    }

    /** The live path: the event goes to the active schema version (the switch waits for this transaction). */
    public static Uni<List<CloudEvent>> applyToActive(CloudEvent event, SqlConnection tx) {
        return ActiveVersion.lockForWrite(tx, event.orgId(), event.subject())
                .chain(schema -> applyLocked(new UserStore(schema), event, tx));
    }

    /** A replay's path: the event goes to the given version, whatever is active. */
    public static Uni<List<CloudEvent>> applyTo(UserStore store, CloudEvent event, SqlConnection tx) {
        return ActiveVersion.lockUser(tx, store.schema(), event.orgId(), event.subject()).chain(() -> applyLocked(store, event, tx));
    }

    private static Uni<List<CloudEvent>> applyLocked(UserStore store, CloudEvent event, SqlConnection tx) {
        return store.markAndLoad(tx, event).chain(loaded -> {
            if (!loaded.fresh()) {
                return Uni.createFrom().item(List.<CloudEvent>of());
            }
            List<Outcome> outcomes = UserAggregator.apply(loaded.user(), event, loaded.parked());
            List<CloudEvent> derived = outcomes.stream()
                    .filter(o -> o instanceof Outcome.Applied)
                    .map(o -> ((Outcome.Applied) o).derived())
                    .toList();
            return store.write(tx, outcomes).replaceWith(derived);
        });
    }
}
