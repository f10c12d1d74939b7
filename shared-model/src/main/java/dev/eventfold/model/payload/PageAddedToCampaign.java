package dev.eventfold.model.payload;

/** A page joined a campaign; subject is the page id. */
public record PageAddedToCampaign(String campaignId) {
}
