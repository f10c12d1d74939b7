package dev.eventfold.integrations.domain;

import dev.eventfold.model.EventType;
import dev.eventfold.model.Nullable;
import dev.eventfold.model.payload.PageViewEnriched;

import java.time.Instant;

/**
 * A page view enriched by geo-enricher ({@code page.viewed.enriched} from the visits.enriched topic), with the
 * page's recipient when the function has seen the page's {@code page.created} (null otherwise: the CRM tools
 * then have nobody to attach the view to).
 */
public record PageVisited(String eventId, String orgId, Instant time, String pageId, PageViewEnriched view,
                          @Nullable Recipient recipient) implements IntegrationEvent {

    /** The person a personalized page was made for. */
    public record Recipient(String email, @Nullable String name) {
    }

    @Override
    public EventType type() {
        return EventType.PAGE_VIEW_ENRICHED;
    }
}
