package dev.eventfold.model.payload;

/** Latest totals of a campaign, coalesced: at most one per campaign per interval. */
public record CampaignStatsUpdated(
        String campaignId,
        long pages,
        long pagesSent,
        long pagesViewed,
        double viewRate,
        long views,
        long uniqueVisitors,
        long clicks) {
}
