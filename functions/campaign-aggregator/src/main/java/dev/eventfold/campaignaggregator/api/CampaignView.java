package dev.eventfold.campaignaggregator.api;

import dev.eventfold.campaignaggregator.store.CampaignQueries.Campaign;

/** A campaign and its totals as {@code GET /campaigns/{id}} answers it. */
public record CampaignView(String id, String name, String description, boolean created, long pages, long pagesSent,
                           long pagesViewed, double viewRate, long views, long uniqueVisitors, long clicks) {

    static CampaignView of(Campaign c) {
        var t = c.totals();
        return new CampaignView(c.id(), c.name(), c.description(), c.created(), t.pages(), t.pagesSent(),
                t.pagesViewed(), t.viewRate(), t.views(), t.uniqueVisitors(), t.clicks());
    }
}
