package dev.eventfold.activitystream.domain;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.eventfold.model.EventType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReplayTest {

    static ActivityItem item(long sequence, String topic, int partition, long offset, EventType type, String subject) {
        return new ActivityItem(sequence, new Position(topic, partition, offset), "org", "/src", "e" + sequence, type,
                subject, Instant.EPOCH, JsonNodeFactory.instance.objectNode());
    }

    @Test
    void eachPartitionGoesInOffsetOrderEvenWhenStoreSequencesDisagree() {
        // two replicas stored partition 0's items out of order: offset 2 got the lower sequence
        ActivityItem a = item(11, "visits.enriched", 0, 1, EventType.PAGE_VIEW_ENRICHED, "p");
        ActivityItem b = item(10, "visits.enriched", 0, 2, EventType.PAGE_VIEW_ENRICHED, "p");
        ActivityItem c = item(12, "visits.enriched", 1, 1, EventType.PAGE_VIEW_ENRICHED, "q");
        List<ActivityItem> ordered = Replay.order(List.of(b, c, a));

        Cursor cursor = Cursor.empty();
        assertThat(ordered).hasSize(3).allMatch(i -> cursor.advance(i.position()));
    }

    @Test
    void ofACampaignsStatsOnlyTheLatestIsReplayed() {
        ActivityItem old = item(1, "campaign-stats", 0, 1, EventType.CAMPAIGN_STATS_UPDATED, "c1");
        ActivityItem other = item(2, "campaign-stats", 0, 2, EventType.CAMPAIGN_STATS_UPDATED, "c2");
        ActivityItem latest = item(3, "campaign-stats", 0, 3, EventType.CAMPAIGN_STATS_UPDATED, "c1");
        ActivityItem view = item(4, "visits.enriched", 0, 9, EventType.PAGE_VIEW_ENRICHED, "p");

        assertThat(Replay.order(List.of(old, other, latest, view))).containsExactly(other, latest, view);
    }
}
