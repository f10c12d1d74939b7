package dev.eventfold.model.payload;

import dev.eventfold.model.Nullable;

/**
 * A page view with what the visitor's address tells: {@code geo} is {@code "known"} or {@code "unknown"}, and
 * {@code unknownReason} says why when unknown. {@code ip} may be truncated when the privacy option is on.
 */
public record PageViewEnriched(
        String pageId,
        String ip,
        @Nullable String userAgent,
        @Nullable String referrer,
        @Nullable String visitorId,
        String viewedAt,
        String geo,
        @Nullable String unknownReason,
        @Nullable String countryCode,
        @Nullable String country,
        @Nullable String region,
        @Nullable String city,
        @Nullable String postalCode,
        @Nullable Double latitude,
        @Nullable Double longitude,
        @Nullable String timeZone,
        @Nullable Long asn,
        @Nullable String asnOrganization,
        @Nullable Boolean anonymousVpn,
        @Nullable Boolean tor,
        @Nullable Boolean hosting,
        @Nullable Boolean proxy) {
}
