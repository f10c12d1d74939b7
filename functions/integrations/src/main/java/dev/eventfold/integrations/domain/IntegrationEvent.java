package dev.eventfold.integrations.domain;

import dev.eventfold.model.EventType;

import java.time.Instant;

/**
 * What a translator reads: one of our derived events, already bound to its payload record, with what the
 * function knows besides it (a page view's recipient). The {@code eventId} is the derived event's id, stable
 * across redeliveries and replays, so the tools can deduplicate by it.
 */
public sealed interface IntegrationEvent permits ContactChanged, PageVisited {

    String eventId();

    String orgId();

    Instant time();

    /** The catalog type this input came from (what a destination's event filter names). */
    EventType type();
}
