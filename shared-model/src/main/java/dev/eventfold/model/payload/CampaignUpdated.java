package dev.eventfold.model.payload;

import dev.eventfold.model.Nullable;

/** A campaign's name or description changed; absent fields stay as they were. */
public record CampaignUpdated(@Nullable String name, @Nullable String description) {
}
