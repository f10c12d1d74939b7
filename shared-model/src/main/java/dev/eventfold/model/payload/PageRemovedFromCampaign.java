package dev.eventfold.model.payload;

/** A page left a campaign; subject is the page id. */
public record PageRemovedFromCampaign(String campaignId) {
}
