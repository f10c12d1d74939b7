package dev.eventfold.campaignaggregator.domain;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.DerivedIds;
import dev.eventfold.model.EventType;

import java.time.Instant;

/**
 * Builds the coalesced {@code campaign stats updated} event for one version of a campaign's totals. The id is
 * a name-based UUID of tenant, campaign and stats version: the version grows with every change applied to the
 * campaign, so one version always carries the same totals and a re-emitted version has the same id; it is also the
 * event's CloudEvents {@code sequence}, so a consumer keeping the latest totals ignores an older version.
 */
public final class CampaignStatsEvents {

    private CampaignStatsEvents() {
    }

    public static String statsId(String orgId, String campaignId, long version) {
        return DerivedIds.derivedId(CampaignAggregator.FUNCTION_NAME, orgId, CampaignAggregator.FUNCTION_NAME,
                campaignId + "@" + version);
    }

    public static CloudEvent statsUpdated(String orgId, String campaignId, long version, CampaignTotals totals,
                                          Instant now) {
        return CloudEvent.of(statsId(orgId, campaignId, version), CampaignAggregator.FUNCTION_NAME,
                EventType.CAMPAIGN_STATS_UPDATED, campaignId, now, orgId, null, totals.toPayload(campaignId))
                .withSequence(version);
    }
}
