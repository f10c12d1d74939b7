package dev.eventfold.campaignaggregator.domain;

import dev.eventfold.campaignaggregator.domain.ProjectionChange.MembershipChanged;
import dev.eventfold.campaignaggregator.domain.ProjectionChange.PageViewCounted;
import dev.eventfold.campaignaggregator.domain.ProjectionChange.Place;
import dev.eventfold.model.EventType;
import dev.eventfold.model.ValidationException;
import dev.eventfold.model.payload.PageViewEnriched;
import dev.eventfold.model.payload.PageViewed;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static dev.eventfold.campaignaggregator.domain.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CampaignAggregatorTest {

    @Test
    void enrichedViewCountsWithItsVisitorHourAndPlace() {
        PageViewEnriched view = Events.view("p1", "81.2.69.142", null, T0.plusSeconds(4000), "GB", "United Kingdom", "London");

        var changes = CampaignAggregator.changesFor(Events.viewed("org", view));

        assertThat(changes).singleElement().isInstanceOfSatisfying(PageViewCounted.class, v -> {
            assertThat(v.pageId()).isEqualTo("p1");
            assertThat(v.hour()).isEqualTo(Instant.parse("2026-03-02T10:00:00Z"));
            assertThat(v.place()).isEqualTo(new Place("GB", "United Kingdom", "London"));
            assertThat(v.visitorKey()).isEqualTo(VisitorKey.of(null, "81.2.69.142", "Mozilla/5.0 (test)"));
        });
    }

    @Test
    void unknownGeoCountsUnderTheUnknownPlace() {
        PageViewEnriched view = Events.view("p1", "10.0.0.1", "cookie-1", T0, null, null, null);

        var change = (PageViewCounted) CampaignAggregator.changesFor(Events.viewed("org", view)).get(0);

        assertThat(change.place()).isEqualTo(Place.UNKNOWN);
        assertThat(change.visitorKey()).isEqualTo("id:cookie-1");
    }

    @Test
    void rawPageViewsAreNotConsumedSoNoViewIsCountedTwice() {
        assertThat(CampaignAggregator.CONSUMES).contains(EventType.PAGE_VIEW_ENRICHED).doesNotContain(EventType.PAGE_VIEWED);
        var raw = Events.event("org", EventType.PAGE_VIEWED, "p1", T0, new PageViewed("81.2.69.142", null, null, null));
        assertThat(CampaignAggregator.changesFor(raw)).isEmpty();
    }

    @Test
    void pageCreatedInACampaignJoinsItAtItsCreationTime() {
        var changes = CampaignAggregator.changesFor(Events.pageCreated("org", "p1", "c1", T0));

        assertThat(changes).hasSize(2);
        assertThat(changes.get(1)).isEqualTo(new MembershipChanged("org", "p1", "c1", true, T0));
        assertThat(CampaignAggregator.changesFor(Events.pageCreated("org", "p2", null, T0))).hasSize(1);
    }

    @Test
    void removalIsAMembershipThatEnds() {
        assertThat(CampaignAggregator.changesFor(Events.removed("org", "p1", "c1", T0)))
                .containsExactly(new MembershipChanged("org", "p1", "c1", false, T0));
    }

    @Test
    void aViewWithAMalformedTimeCanNeverApply() {
        PageViewEnriched bad = new PageViewEnriched("p1", "81.2.69.142", null, null, null, "yesterday", "unknown",
                "private", null, null, null, null, null, null, null, null, null, null, null, null, null, null);

        assertThatThrownBy(() -> CampaignAggregator.changesFor(Events.event("org", EventType.PAGE_VIEW_ENRICHED, "p1", T0, bad)))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.violations()).extracting(v -> v.field()).containsExactly("data.viewedAt"));
    }

    @Test
    void anEventWithoutTenantCanNeverApply() {
        assertThatThrownBy(() -> CampaignAggregator.changesFor(Events.sent(null, "p1", T0)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("orgid");
    }

    @Test
    void aMembershipWithoutCampaignCanNeverApply() {
        assertThatThrownBy(() -> CampaignAggregator.changesFor(Events.added("org", "p1", " ", T0)))
                .isInstanceOf(ValidationException.class).hasMessageContaining("data.campaignId");
    }

    @Test
    void visitorKeyIsTheCookieWhenPresentElseAHashOfAddressAndAgent() {
        assertThat(VisitorKey.of("abc", "1.2.3.4", "ua")).isEqualTo("id:abc");
        assertThat(VisitorKey.of(null, "1.2.3.4", "ua")).isEqualTo(VisitorKey.of(" ", "1.2.3.4", "ua"))
                .startsWith("ua:").doesNotContain("1.2.3.4");
        assertThat(VisitorKey.of(null, "1.2.3.4", "ua")).isNotEqualTo(VisitorKey.of(null, "1.2.3.4", "other"))
                .isNotEqualTo(VisitorKey.of(null, "1.2.3.5", "ua"));
    }
}
