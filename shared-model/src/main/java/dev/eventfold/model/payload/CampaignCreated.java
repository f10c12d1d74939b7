package dev.eventfold.model.payload;

import dev.eventfold.model.Nullable;

/** A campaign, an arbitrary grouping of pages, was created; subject is the campaign id. */
public record CampaignCreated(String name, @Nullable String description) {
}
