package dev.eventfold.alerting;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.model.payload.CampaignStatsUpdated;
import dev.eventfold.model.payload.PageViewEnriched;
import dev.eventfold.model.payload.UserLoginFailed;
import dev.eventfold.model.payload.UserState;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Test fixtures: the input events of alerting as their producers record them, one organization per fixture. */
public record AlertEventsFixture(String orgId) {

    /** A window boundary for every windowed rule of the tests (10 minutes and 1 hour). */
    public static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    public static Instant at(int minutes, int seconds) {
        return T0.plusSeconds(60L * minutes + seconds);
    }

    public static Instant at(int minutes) {
        return at(minutes, 0);
    }

    public CloudEvent loginFailed(String userId, Instant time, String ip) {
        return event(EventType.USER_LOGIN_FAILED, userId, time, new UserLoginFailed(ip, null, "bad password"));
    }

    public CloudEvent campaignStats(String campaignId, Instant time, long views) {
        return event(EventType.CAMPAIGN_STATS_UPDATED, campaignId, time,
                new CampaignStatsUpdated(campaignId, 100, 100, 10, 0.1, views, views, 0));
    }

    public CloudEvent pageViewed(String pageId, Instant time, String countryCode) {
        return event(EventType.PAGE_VIEW_ENRICHED, pageId, time, new PageViewEnriched(pageId, "10.0.0.1", null, null,
                null, time.toString(), countryCode == null ? "unknown" : "known", countryCode == null ? "private" : null,
                countryCode, countryCode, null, null, null, null, null, null, null, null, null, null, null, null));
    }

    public CloudEvent userState(String userId, Instant time, String... roles) {
        return event(EventType.USER_STATE_UPDATED, userId, time, new UserState(userId, orgId, "Ada",
                "ada@example.com", List.of(roles), T0, time, 0, 0, null, null));
    }

    public CloudEvent event(EventType type, String subject, Instant time, Record payload) {
        return CloudEvent.of(UUID.randomUUID().toString(), "/tests", type, subject, time, orgId, null, payload);
    }
}
