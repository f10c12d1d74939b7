package dev.eventfold.campaignaggregator.domain;

import dev.eventfold.model.Nullable;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What one consumed event changes in the campaign projection, decided by {@link CampaignAggregator} without I/O
 * and carried out by the store (SQL), or in memory by the tests' reference model (CampaignProjection).
 */
public sealed interface ProjectionChange {

    String orgId();

    /** A campaign's name or description, last writer (by event time) wins per field. */
    record CampaignDescribed(String orgId, String campaignId, @Nullable String name, @Nullable String description,
                             boolean created, Instant at) implements ProjectionChange {
    }

    /** A page exists (created); page rows are also made on any other page event. */
    record PageCreated(String orgId, String pageId, Instant at) implements ProjectionChange {
    }

    /** A page joined ({@code member}) or left a campaign at {@code at}; the latest event time wins. */
    record MembershipChanged(String orgId, String pageId, String campaignId, boolean member, Instant at)
            implements ProjectionChange {
    }

    /** A page was emailed; the first send time is kept. */
    record PageSent(String orgId, String pageId, Instant at) implements ProjectionChange {
    }

    /** A link on a page was followed. */
    record PageClicked(String orgId, String pageId, Instant at) implements ProjectionChange {
    }

    /** An enriched page view: who (visitor key), when, and where from ({@link Place#UNKNOWN} when geo is unknown). */
    /** One view; {@code traceparent} is the view's trace, which the campaign's next stats event continues. */
    record PageViewCounted(String orgId, String pageId, String visitorKey, Instant viewedAt, Place place,
                           @Nullable String traceparent)
            implements ProjectionChange {

        /** The UTC hour the view falls in, the bucket of the per-hour counts. */
        public Instant hour() {
            return viewedAt.truncatedTo(ChronoUnit.HOURS);
        }
    }

    /** Where a view came from; empty strings (never null) so that they can be part of a primary key. */
    record Place(String countryCode, String country, String city) {

        public static final Place UNKNOWN = new Place("", "", "");

        public static Place of(@Nullable String countryCode, @Nullable String country, @Nullable String city) {
            return new Place(blankToEmpty(countryCode), blankToEmpty(country), blankToEmpty(city));
        }

        private static String blankToEmpty(@Nullable String s) {
            return s == null || s.isBlank() ? "" : s.strip();
        }
    }
}
