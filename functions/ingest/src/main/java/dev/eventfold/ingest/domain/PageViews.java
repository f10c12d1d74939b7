package dev.eventfold.ingest.domain;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.CloudEventAttributes;
import dev.eventfold.model.EventCodec;
import dev.eventfold.model.EventType;
import dev.eventfold.model.payload.PageViewed;

import java.time.Instant;
import java.util.UUID;

/** Builds the {@code page.viewed} event that a tracking-pixel hit records (subject = page id). */
public final class PageViews {

    public static final String SOURCE = "/ingest/pixel";
    static final int MAX_VISITOR_ID_LENGTH = 128;
    static final int MAX_TEXT_LENGTH = 1024;

    private PageViews() {
    }

    /** True for a page id that the contract accepts as an event subject (not blank, at most 256 UTF-8 bytes, …). */
    public static boolean validPageId(String pageId) {
        return pageId != null && !pageId.isBlank() && EventCodec.problem(CloudEventAttributes.SUBJECT, pageId).isEmpty();
    }

    /** True for a visitor id worth keeping (from the cookie or {@code ?v=}): 1 to 128 ASCII letters, digits, - _ . */
    public static boolean validVisitorId(String visitorId) {
        return visitorId != null && !visitorId.isBlank() && visitorId.length() <= MAX_VISITOR_ID_LENGTH
                && visitorId.chars().allMatch(c -> c < 0x80 && (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.'));
    }

    public static CloudEvent event(String pageId, String orgId, String ip, String userAgent, String referrer,
                                   String visitorId, Instant at) {
        PageViewed payload = new PageViewed(ip, clip(userAgent), clip(referrer), visitorId);
        return CloudEvent.of(UUID.randomUUID().toString(), SOURCE, EventType.PAGE_VIEWED, pageId, at, orgId, null, payload);
    }

    private static String clip(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return text.length() <= MAX_TEXT_LENGTH ? text : text.substring(0, MAX_TEXT_LENGTH);
    }
}
