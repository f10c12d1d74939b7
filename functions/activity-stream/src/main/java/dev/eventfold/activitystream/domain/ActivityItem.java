package dev.eventfold.activitystream.domain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventfold.model.EventType;

import java.time.Instant;

/**
 * One derived event as the feed shows it: where it sits on the log, its organization, its identity and data.
 * {@code sequence} is its row in the recent-activity store (0 until stored), used to interleave partitions.
 */
public record ActivityItem(long sequence, Position position, String orgId, String source, String eventId,
                           EventType type, String subject, Instant time, JsonNode data) {

    /** Campaign stats are state: a later one of the same campaign replaces an earlier one on the wire. */
    public boolean coalesces() {
        return type == EventType.CAMPAIGN_STATS_UPDATED;
    }

    /** What a coalescing item replaces: the organization's campaign. */
    public String coalesceKey() {
        return orgId + "\u0000" + subject;
    }

    public ActivityItem withSequence(long newSequence) {
        return new ActivityItem(newSequence, position, orgId, source, eventId, type, subject, time, data);
    }
}
