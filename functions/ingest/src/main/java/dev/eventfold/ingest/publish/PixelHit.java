package dev.eventfold.ingest.publish;

import java.time.Instant;

/** One tracking-pixel request as the page answered it, waiting in the buffer to become a page-viewed event. */
public record PixelHit(String pageId, String ip, String userAgent, String referrer, String visitorId, Instant at) {
}
