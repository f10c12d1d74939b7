package dev.eventfold.runtime;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

import java.util.List;
import java.util.Set;

/**
 * What a stateful function plugs into the runtime: its pure core together with its store. The runtime calls
 * {@link #apply} once per event that this function has not processed before, inside the Postgres transaction
 * that also records the event id as processed, and emits the returned derived events after that commits.
 */
public interface EventHandler {

    /** The kebab-case function name: the Quarkus application name, the source of derived events, their id seed. */
    String functionName();

    /** The event types this function consumes; others are acknowledged and skipped. */
    Set<EventType> consumes();

    /**
     * Applies one new event within {@code tx}. Returns the derived events to emit once the transaction commits.
     * Throws {@link dev.eventfold.model.ValidationException} for an event that can never apply (dead-lettered);
     * any other failure is transient and the event is retried.
     */
    Uni<List<CloudEvent>> apply(CloudEvent event, SqlConnection tx);
}
