package dev.eventfold.runtime.trigger;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;

import java.util.List;
import java.util.Set;

/**
 * What a stateless function plugs into runtime-core: a pure function from one event to the events it derives,
 * with no I/O. The runtime emits them to their catalog topics; because derived ids are deterministic, a
 * redelivered input yields the same derived events and needs no dedup table.
 */
public interface StatelessHandler {

    /** The event types this function consumes; others are acknowledged and skipped. */
    Set<EventType> consumes();

    /**
     * The derived events of one consumed, already validated event. Throws
     * {@link dev.eventfold.model.ValidationException} for an event that can never apply (dead-lettered or 400).
     */
    List<CloudEvent> handle(CloudEvent event);
}
