package dev.eventfold.ingest.domain;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.model.payload.PageViewed;

import java.time.Instant;
import java.util.UUID;

/** Builds the {@code page.viewed} event that a tracking-pixel hit records (subject = page id). */
public final class PageViews {

    public static final String SOURCE = "/ingest/pixel";
    static final int MAX_ID_LENGTH = 256;
    static final int MAX_TEXT_LENGTH = 1024;

    private PageViews() {
    }

    /** True for a page id that can be an event subject (1 to 256 printable characters). */
    public static boolean validPageId(String pageId) {
        return pageId != null && !pageId.isBlank() && pageId.length() <= MAX_ID_LENGTH
                && pageId.chars().noneMatch(Character::isISOControl);
    }

    /** True for a visitor id worth keeping (from the cookie or {@code ?v=}). */
    public static boolean validVisitorId(String visitorId) {
        return visitorId != null && !visitorId.isBlank() && visitorId.length() <= 128
                && visitorId.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.');
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
