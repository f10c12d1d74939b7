package dev.eventfold.ingest.publish;

import java.time.Instant;

/**
 * One tracking-pixel request as the page answered it, waiting in the buffer to become a page-viewed event: the
 * recipient and signature of its URL are checked against the page's organization before anything is published.
 * {@code traceparent} is the trace its page-viewed event will belong to.
 */
public record PixelHit(String pageId, String recipient, String signature, String ip, String userAgent,
                       String referrer, String visitorId, Instant at, String traceparent) {

    /** A hit in no trace yet: its event is published as the root of a new one. */
    public PixelHit(String pageId, String recipient, String signature, String ip, String userAgent, String referrer,
                    String visitorId, Instant at) {
        this(pageId, recipient, signature, ip, userAgent, referrer, visitorId, at, null);
    }
}
