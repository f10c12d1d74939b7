package dev.eventfold.model.payload;

/** Somebody followed a link on a page; subject is the page id. */
public record PageClicked(String target) {
}
