package dev.eventfold.model.payload;

import dev.eventfold.model.Nullable;

/** Somebody opened a page (the tracking pixel loaded); subject is the page id. */
public record PageViewed(String ip, @Nullable String userAgent, @Nullable String referrer, @Nullable String visitorId) {
}
