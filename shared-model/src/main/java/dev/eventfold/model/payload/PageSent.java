package dev.eventfold.model.payload;

/** A page was emailed to its recipient; subject is the page id. */
public record PageSent(String recipientEmail) {
}
