package dev.eventfold.runtime.processing;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.model.ValidationException;
import dev.eventfold.runtime.observe.EventTracing;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

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
     * Applies one new event within {@code tx}. Returns the derived events to emit once the transaction commits;
     * those without a trace of their own continue the event's ({@link EventTracing#derivedFrom}).
     * Throws {@link dev.eventfold.model.ValidationException} for an event that can never apply (dead-lettered);
     * any other failure is transient and the event is retried.
     */
    Uni<List<CloudEvent>> apply(CloudEvent event, SqlConnection tx);

    /**
     * Applies several new events, in order, within one transaction (the Kafka batch path). The default calls
     * {@link #apply} one event after the other. Override it to fold a batch with fewer statements or to coalesce
     * derived events (e.g. one stats event per campaign per batch). To reject one event, throw
     * {@link EventRejectedException} naming it: the runtime rolls back, dead-letters that event and redoes the
     * rest. A bare {@link ValidationException} makes the runtime redo the batch one event per transaction.
     * An override puts each derived event in the trace of the event it comes from
     * ({@link CloudEvent#withTraceOf}); the default does it for what {@link #apply} returns.
     */
    default Uni<List<CloudEvent>> applyBatch(List<CloudEvent> events, SqlConnection tx) {
        // A stream, not a chain of nested Unis: a chain one level deep per event overflows the stack on large batches.
        return Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(event -> apply(event, tx)
                        .map(derived -> EventTracing.derivedFrom(event, derived))
                        .onFailure(ValidationException.class).transform(e -> EventRejectedException.of(event, e)))
                .collect().<List<CloudEvent>>in(ArrayList::new, List::addAll);
    }

    /**
     * True when this handler records, in its own table and in the transaction it is given, the identity of every
     * event it applies, and applies none it already holds (a projection version's {@code applied_events}, which its
     * replays share). The runtime then records in {@code processed_events} only the events it folds itself (API
     * keys) instead of every identity twice, and hands the handler redelivered events too: it must skip them and name
     * them through {@link #applyBatch(List, SqlConnection, Consumer)}'s {@code duplicate}.
     */
    default boolean recordsApplied() {
        return false;
    }

    /**
     * {@link #applyBatch(List, SqlConnection)}, told which events it skipped as already applied (only a handler that
     * {@link #recordsApplied()} has any): the runtime counts them as duplicates. The default skips none.
     */
    default Uni<List<CloudEvent>> applyBatch(List<CloudEvent> events, SqlConnection tx, Consumer<CloudEvent> duplicate) {
        return applyBatch(events, tx);
    }
}
