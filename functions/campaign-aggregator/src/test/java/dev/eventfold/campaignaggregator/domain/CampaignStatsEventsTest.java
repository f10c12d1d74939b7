package dev.eventfold.campaignaggregator.domain;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.model.payload.CampaignStatsUpdated;
import org.junit.jupiter.api.Test;

import static dev.eventfold.campaignaggregator.domain.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

class CampaignStatsEventsTest {

    private final CampaignTotals totals = new CampaignTotals(4, 2, 1, 7, 3, 1);

    @Test
    void oneVersionOfACampaignAlwaysHasTheSameId() {
        CloudEvent first = CampaignStatsEvents.statsUpdated("org", "c1", 17, totals, T0);
        CloudEvent again = CampaignStatsEvents.statsUpdated("org", "c1", 17, totals, T0.plusSeconds(30));

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.sequence()).isEqualTo(first.sequence()).isEqualTo("0000000000000000017");
        assertThat(CampaignStatsEvents.statsUpdated("org", "c1", 18, totals, T0).sequence()).isGreaterThan(first.sequence());
        assertThat(CampaignStatsEvents.statsId("org", "c1", 18)).isNotEqualTo(first.id());
        assertThat(CampaignStatsEvents.statsId("other", "c1", 17)).isNotEqualTo(first.id());
    }

    @Test
    void theEventCarriesTheTotalsOfItsCampaign() {
        CloudEvent event = CampaignStatsEvents.statsUpdated("org", "c1", 17, totals, T0);

        assertThat(event.eventType()).isEqualTo(EventType.CAMPAIGN_STATS_UPDATED);
        assertThat(event.subject()).isEqualTo("c1");
        assertThat(event.orgId()).isEqualTo("org");
        assertThat(event.payload(CampaignStatsUpdated.class))
                .isEqualTo(new CampaignStatsUpdated("c1", 4, 2, 1, 0.5, 7, 3, 1));
    }

    @Test
    void nothingSentMeansAViewRateOfZero() {
        assertThat(new CampaignTotals(3, 0, 1, 1, 1, 0).viewRate()).isZero();
    }
}
