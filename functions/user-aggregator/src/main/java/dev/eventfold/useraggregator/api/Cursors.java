package dev.eventfold.useraggregator.api;

import dev.eventfold.model.ValidationException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** Opaque page cursors (base64url of the last key returned) and the page-size rule of the read API. */
final class Cursors {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private Cursors() {
    }

    static int limit(Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ValidationException("query.limit", "must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        return limit;
    }

    static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    static String decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    /** A history cursor: the time and event id of the last entry returned. */
    record HistoryKey(Instant at, String eventId) {

        String encode() {
            return Cursors.encode(at.toString() + "|" + eventId);
        }

        static HistoryKey decode(String cursor) {
            String key = Cursors.decode(cursor);
            if (key == null) {
                return null;
            }
            int bar = key.indexOf('|');
            try {
                return new HistoryKey(Instant.parse(key.substring(0, bar)), key.substring(bar + 1));
            } catch (RuntimeException e) {
                throw invalid();
            }
        }
    }

    private static ValidationException invalid() {
        return new ValidationException("query.cursor", "is not a cursor this API returned");
    }
}
