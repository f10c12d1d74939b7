package dev.eventfold.model.payload;

import dev.eventfold.model.Nullable;

/** A personalized page was created for one recipient; subject is the page id. */
public record PageCreated(String recipientName, String recipientEmail, String company, @Nullable String campaignId) {
}
