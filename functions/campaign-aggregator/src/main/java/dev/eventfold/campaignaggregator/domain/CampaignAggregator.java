package dev.eventfold.campaignaggregator.domain;

import dev.eventfold.campaignaggregator.domain.ProjectionChange.CampaignDescribed;
import dev.eventfold.campaignaggregator.domain.ProjectionChange.MembershipChanged;
import dev.eventfold.campaignaggregator.domain.ProjectionChange.PageViewCounted;
import dev.eventfold.campaignaggregator.domain.ProjectionChange.Place;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.model.ValidationException;
import dev.eventfold.model.payload.CampaignCreated;
import dev.eventfold.model.payload.CampaignUpdated;
import dev.eventfold.model.payload.PageAddedToCampaign;
import dev.eventfold.model.payload.PageCreated;
import dev.eventfold.model.payload.PageRemovedFromCampaign;
import dev.eventfold.model.payload.PageViewEnriched;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The pure core of campaign-aggregator: turns each consumed event into the projection changes it stands for,
 * or a {@link ValidationException} for an event that can never apply. Raw page views are not consumed: only
 * their enriched form counts, so that a view is never counted twice.
 */
public final class CampaignAggregator {

    public static final String FUNCTION_NAME = "campaign-aggregator";

    public static final Set<EventType> CONSUMES = EnumSet.of(
            EventType.CAMPAIGN_CREATED, EventType.CAMPAIGN_UPDATED, EventType.PAGE_CREATED,
            EventType.PAGE_ADDED_TO_CAMPAIGN, EventType.PAGE_REMOVED_FROM_CAMPAIGN, EventType.PAGE_SENT,
            EventType.PAGE_CLICKED, EventType.PAGE_VIEW_ENRICHED);

    private CampaignAggregator() {
    }

    public static List<ProjectionChange> changesFor(CloudEvent event) {
        String org = event.orgId();
        if (org == null || org.isBlank()) {
            throw new ValidationException("orgid", "is required");
        }
        EventType type = event.eventType();
        String subject = event.subject();
        Instant at = event.time();
        return switch (type) {
            case CAMPAIGN_CREATED -> {
                CampaignCreated c = event.payload(CampaignCreated.class);
                yield List.of(new CampaignDescribed(org, subject, c.name(), c.description(), true, at));
            }
            case CAMPAIGN_UPDATED -> {
                CampaignUpdated c = event.payload(CampaignUpdated.class);
                yield List.of(new CampaignDescribed(org, subject, c.name(), c.description(), false, at));
            }
            case PAGE_CREATED -> {
                PageCreated p = event.payload(PageCreated.class);
                ProjectionChange created = new ProjectionChange.PageCreated(org, subject, at);
                yield p.campaignId() == null || p.campaignId().isBlank()
                        ? List.of(created)
                        : List.of(created, new MembershipChanged(org, subject, p.campaignId(), true, at));
            }
            case PAGE_ADDED_TO_CAMPAIGN -> List.of(new MembershipChanged(
                    org, subject, required(event.payload(PageAddedToCampaign.class).campaignId()), true, at));
            case PAGE_REMOVED_FROM_CAMPAIGN -> List.of(new MembershipChanged(
                    org, subject, required(event.payload(PageRemovedFromCampaign.class).campaignId()), false, at));
            case PAGE_SENT -> List.of(new ProjectionChange.PageSent(org, subject, at));
            case PAGE_CLICKED -> List.of(new ProjectionChange.PageClicked(org, subject, at));
            case PAGE_VIEW_ENRICHED -> List.of(viewOf(org, subject, event.payload(PageViewEnriched.class), event.traceparent()));
            default -> List.of();
        };
    }

    private static PageViewCounted viewOf(String org, String subject, PageViewEnriched view, String traceparent) {
        String pageId = view.pageId() == null || view.pageId().isBlank() ? subject : view.pageId();
        Instant viewedAt;
        try {
            viewedAt = OffsetDateTime.parse(view.viewedAt()).toInstant();
        } catch (DateTimeParseException | NullPointerException e) {
            throw new ValidationException("data.viewedAt", "is not an RFC 3339 timestamp: " + view.viewedAt());
        }
        Place place = "known".equals(view.geo())
                ? Place.of(view.countryCode(), view.country(), view.city())
                : Place.UNKNOWN;
        return new PageViewCounted(org, pageId, VisitorKey.of(view.visitorId(), view.ip(), view.userAgent()),
                viewedAt, place, traceparent);
    }

    private static String required(String campaignId) {
        if (campaignId == null || campaignId.isBlank()) {
            throw new ValidationException("data.campaignId", "is required");
        }
        return campaignId;
    }
}
