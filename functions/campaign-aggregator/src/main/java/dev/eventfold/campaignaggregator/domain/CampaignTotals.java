package dev.eventfold.campaignaggregator.domain;

import dev.eventfold.model.payload.CampaignStatsUpdated;

/** A campaign's totals as the projection holds them, and the view rate derived from them. */
public record CampaignTotals(long pages, long pagesSent, long pagesViewed, long views, long uniqueVisitors,
                             long clicks) {

    /** Pages viewed per page sent (0 when nothing was sent); a page viewed without a recorded send still counts. */
    public double viewRate() {
        return pagesSent == 0 ? 0.0 : (double) pagesViewed / pagesSent;
    }

    public CampaignStatsUpdated toPayload(String campaignId) {
        return new CampaignStatsUpdated(campaignId, pages, pagesSent, pagesViewed, viewRate(), views,
                uniqueVisitors, clicks);
    }
}
