package dev.eventfold.campaignaggregator.domain;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.model.payload.CampaignCreated;
import dev.eventfold.model.payload.PageAddedToCampaign;
import dev.eventfold.model.payload.PageClicked;
import dev.eventfold.model.payload.PageCreated;
import dev.eventfold.model.payload.PageRemovedFromCampaign;
import dev.eventfold.model.payload.PageSent;
import dev.eventfold.model.payload.PageViewEnriched;

import java.time.Instant;
import java.util.UUID;

/** Builders of the consumed events for tests (ids are random unless given). */
public final class Events {

    public static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    private Events() {
    }

    public static CloudEvent event(String org, EventType type, String subject, Instant at, Record payload) {
        return CloudEvent.of(UUID.randomUUID().toString(), "/test", type, subject, at, org, null, payload);
    }

    public static CloudEvent campaignCreated(String org, String campaign, String name, Instant at) {
        return event(org, EventType.CAMPAIGN_CREATED, campaign, at, new CampaignCreated(name, null));
    }

    public static CloudEvent pageCreated(String org, String page, String campaign, Instant at) {
        return event(org, EventType.PAGE_CREATED, page, at, new PageCreated("Ann", "ann@example.com", "Acme", campaign));
    }

    public static CloudEvent added(String org, String page, String campaign, Instant at) {
        return event(org, EventType.PAGE_ADDED_TO_CAMPAIGN, page, at, new PageAddedToCampaign(campaign));
    }

    public static CloudEvent removed(String org, String page, String campaign, Instant at) {
        return event(org, EventType.PAGE_REMOVED_FROM_CAMPAIGN, page, at, new PageRemovedFromCampaign(campaign));
    }

    public static CloudEvent sent(String org, String page, Instant at) {
        return event(org, EventType.PAGE_SENT, page, at, new PageSent("ann@example.com"));
    }

    public static CloudEvent clicked(String org, String page, Instant at) {
        return event(org, EventType.PAGE_CLICKED, page, at, new PageClicked("https://example.com/offer"));
    }

    /** A view from a known place (country code and city as in the GeoIP test databases). */
    public static PageViewEnriched view(String page, String ip, String visitorId, Instant at, String countryCode,
                                        String country, String city) {
        boolean known = countryCode != null;
        return new PageViewEnriched(page, ip, "Mozilla/5.0 (test)", null, visitorId, at.toString(),
                known ? "known" : "unknown", known ? null : "not in database", countryCode, country, null, city,
                null, null, null, null, null, null, null, null, null, null);
    }

    public static CloudEvent viewed(String org, PageViewEnriched view) {
        return event(org, EventType.PAGE_VIEW_ENRICHED, view.pageId(), Instant.parse(view.viewedAt()), view);
    }
}
