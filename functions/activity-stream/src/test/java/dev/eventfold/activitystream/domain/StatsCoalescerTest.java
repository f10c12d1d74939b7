package dev.eventfold.activitystream.domain;

import dev.eventfold.model.EventType;
import org.junit.jupiter.api.Test;

import static dev.eventfold.activitystream.domain.ReplayTest.item;
import static org.assertj.core.api.Assertions.assertThat;

class StatsCoalescerTest {

    @Test
    void keepsTheLatestOfEachCampaignUntilTheFlushInLogOrder() {
        StatsCoalescer coalescer = new StatsCoalescer();
        ActivityItem c1a = item(1, "campaign-stats", 0, 1, EventType.CAMPAIGN_STATS_UPDATED, "c1");
        ActivityItem c2 = item(2, "campaign-stats", 1, 1, EventType.CAMPAIGN_STATS_UPDATED, "c2");
        ActivityItem c1b = item(3, "campaign-stats", 0, 5, EventType.CAMPAIGN_STATS_UPDATED, "c1");
        coalescer.offer(c1a);
        coalescer.offer(c2);
        coalescer.offer(c1b);
        coalescer.offer(c1a); // a late duplicate of an older update does not go back in time

        assertThat(coalescer.drain()).containsExactly(c1b, c2);
        assertThat(coalescer.size()).isZero();
        assertThat(coalescer.drain()).isEmpty();
    }
}
