package dev.eventfold.campaignaggregator.domain;

import dev.eventfold.model.CloudEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.eventfold.campaignaggregator.domain.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** Given events, when one more arrives, then the campaign's totals: the semantics the SQL store follows. */
class CampaignProjectionTest {

    private final CampaignProjection projection = new CampaignProjection();

    private CampaignProjection given(CloudEvent... events) {
        for (CloudEvent e : events) {
            CampaignAggregator.changesFor(e).forEach(projection::apply);
        }
        return projection;
    }

    private static CloudEvent view(String page, String visitor, Instant at, String country) {
        return Events.viewed("org", Events.view(page, "81.2.69.142", visitor, at, country, country, null));
    }

    @Test
    void aViewBeforeThePageAndTheCampaignIsNotLost() {
        given(view("p1", "v1", T0.plusSeconds(60), "GB"));

        given(Events.pageCreated("org", "p1", "c1", T0), Events.campaignCreated("org", "c1", "Spring", T0));

        assertThat(projection.totals("org", "c1")).isEqualTo(new CampaignTotals(1, 0, 1, 1, 1, 0));
        assertThat(projection.campaignName("org", "c1")).isEqualTo("Spring");
        assertThat(projection.viewsPerCountry("org", "c1")).isEqualTo(Map.of("GB", 1L));
    }

    @Test
    void viewRateIsPagesViewedOverPagesSent() {
        given(Events.pageCreated("org", "p1", "c1", T0), Events.pageCreated("org", "p2", "c1", T0),
                Events.sent("org", "p1", T0), Events.sent("org", "p2", T0), Events.sent("org", "p2", T0.plusSeconds(9)));

        given(view("p1", "v1", T0.plusSeconds(60), "GB"), view("p1", "v2", T0.plusSeconds(61), "SE"));

        CampaignTotals totals = projection.totals("org", "c1");
        assertThat(totals).isEqualTo(new CampaignTotals(2, 2, 1, 2, 2, 0));
        assertThat(totals.viewRate()).isEqualTo(0.5);
        assertThat(projection.page("org", "p2").sentAt()).isEqualTo(T0);
    }

    @Test
    void aVisitorOnTwoPagesIsOneUniqueVisitorOfTheCampaign() {
        given(Events.pageCreated("org", "p1", "c1", T0), Events.pageCreated("org", "p2", "c1", T0));

        given(view("p1", "v1", T0, "GB"), view("p2", "v1", T0, "GB"), view("p2", "v1", T0, "GB"));

        assertThat(projection.totals("org", "c1").uniqueVisitors()).isEqualTo(1);
        assertThat(projection.page("org", "p2").uniqueVisitors()).isEqualTo(1);
        assertThat(projection.page("org", "p2").views()).isEqualTo(2);
    }

    @Test
    void aRemovedPageTakesItsViewsVisitorsAndClicksWithIt() {
        given(Events.pageCreated("org", "p1", "c1", T0), Events.pageCreated("org", "p2", "c1", T0),
                view("p1", "v1", T0, "GB"), view("p2", "v1", T0, "GB"), view("p2", "v2", T0, "SE"),
                Events.clicked("org", "p2", T0));

        given(Events.removed("org", "p2", "c1", T0.plusSeconds(5)));

        assertThat(projection.totals("org", "c1")).isEqualTo(new CampaignTotals(1, 0, 1, 1, 1, 0));
        assertThat(projection.viewsPerCountry("org", "c1")).isEqualTo(Map.of("GB", 1L));
        assertThat(projection.page("org", "p2").views()).as("the page keeps its own counts").isEqualTo(2);
    }

    @Test
    void anOlderMembershipArrivingLateDoesNotUndoANewerOne() {
        given(Events.removed("org", "p1", "c1", T0.plusSeconds(10)), view("p1", "v1", T0, "GB"));

        given(Events.added("org", "p1", "c1", T0));

        assertThat(projection.isMember("org", "p1", "c1")).isFalse();
        assertThat(projection.totals("org", "c1").views()).isZero();
    }

    @Test
    void theTotalsDoNotDependOnArrivalOrder() {
        List<CloudEvent> events = new ArrayList<>(List.of(
                Events.campaignCreated("org", "c1", "Spring", T0),
                Events.pageCreated("org", "p1", "c1", T0.plusSeconds(1)),
                Events.pageCreated("org", "p2", null, T0.plusSeconds(1)),
                Events.added("org", "p2", "c1", T0.plusSeconds(2)),
                Events.added("org", "p3", "c1", T0.plusSeconds(2)),
                Events.removed("org", "p3", "c1", T0.plusSeconds(3)),
                Events.sent("org", "p1", T0.plusSeconds(4)), Events.sent("org", "p2", T0.plusSeconds(4)),
                view("p1", "v1", T0.plusSeconds(3600), "GB"), view("p2", "v1", T0.plusSeconds(7200), "SE"),
                view("p2", "v2", T0.plusSeconds(7300), "SE"), view("p3", "v3", T0.plusSeconds(100), "US"),
                Events.clicked("org", "p1", T0.plusSeconds(3700)), Events.clicked("org", "p3", T0.plusSeconds(3700))));
        CampaignProjection inOrder = new CampaignProjection();
        events.forEach(e -> CampaignAggregator.changesFor(e).forEach(inOrder::apply));
        Random random = new Random(42);

        for (int i = 0; i < 50; i++) {
            List<CloudEvent> shuffled = new ArrayList<>(events);
            Collections.shuffle(shuffled, random);
            CampaignProjection p = new CampaignProjection();
            shuffled.forEach(e -> CampaignAggregator.changesFor(e).forEach(p::apply));

            assertThat(p.totals("org", "c1")).isEqualTo(inOrder.totals("org", "c1"))
                    .isEqualTo(new CampaignTotals(2, 2, 2, 3, 2, 1));
            assertThat(p.viewsPerHour("org", "c1")).isEqualTo(inOrder.viewsPerHour("org", "c1"));
            assertThat(p.viewsPerCountry("org", "c1")).isEqualTo(Map.of("GB", 1L, "SE", 2L));
        }
    }

    @Test
    void tenantsNeverShareCampaigns() {
        given(Events.pageCreated("org", "p1", "c1", T0), view("p1", "v1", T0, "GB"));

        given(Events.pageCreated("other", "p9", "c1", T0));

        assertThat(projection.totals("other", "c1")).isEqualTo(new CampaignTotals(1, 0, 0, 0, 0, 0));
        assertThat(projection.totals("org", "c1").views()).isEqualTo(1);
    }
}
