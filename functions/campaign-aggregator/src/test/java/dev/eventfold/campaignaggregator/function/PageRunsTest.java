package dev.eventfold.campaignaggregator.function;

import dev.eventfold.campaignaggregator.domain.Events;
import dev.eventfold.campaignaggregator.store.CampaignVersions;
import dev.eventfold.localstack.EventfoldTestResource;
import dev.eventfold.localstack.testing.TestSettings;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.runtime.processing.EventProcessor;
import dev.eventfold.runtime.trigger.Outcome;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static dev.eventfold.campaignaggregator.domain.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs of created / sent / clicked changes, applied set-based within a batch, on the real PostgreSQL: one batch of
 * many page events (the same page created, sent and clicked repeatedly, pages in two campaigns or none, membership
 * changes between the runs) ends with exactly the tables, stats versions included, of one event per batch.
 */
@QuarkusTest
@QuarkusTestResource(value = EventfoldTestResource.class, restrictToAnnotatedClass = false)
class PageRunsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static final int PAGES = 50;

    private static final int CREATED = 40;

    @Inject
    EventProcessor processor;

    @Inject
    CampaignVersions versions;

    @Test
    void aBatchOfPageEventsFoldsLikeOneEventPerBatch() throws SQLException {
        String oneByOne = "org-" + UUID.randomUUID();
        String batched = "org-" + UUID.randomUUID();
        List<CloudEvent> single = events(oneByOne);
        List<CloudEvent> batch = events(batched);

        for (CloudEvent event : single) {
            assertThat(processor.processBatch(List.of(event)).await().atMost(PATIENCE))
                    .containsExactly(Outcome.APPLIED);
        }
        assertThat(processor.processBatch(batch).await().atMost(PATIENCE)).containsOnly(Outcome.APPLIED);

        String schema = versions.active().await().atMost(PATIENCE);
        assertThat(ProjectionTables.snapshot(schema, batched)).isEqualTo(ProjectionTables.snapshot(schema, oneByOne));
        assertThat(ProjectionTables.versions(schema, batched)).isEqualTo(ProjectionTables.versions(schema, oneByOne));
        assertThat(ProjectionTables.snapshot(schema, batched).get("pages")).hasSize(PAGES);
        // p1 was sent late, then early, in one run: its first send is the earliest
        assertThat(sentAt(schema, batched, "p1")).isEqualTo(T0.plusSeconds(100));
        assertThat(count(schema, batched, "SELECT sum(pages_sent) FROM %s.campaigns WHERE org_id = ?")).isPositive();
        assertThat(count(schema, batched, "SELECT sum(clicks) FROM %s.campaigns WHERE org_id = ?")).isPositive();
    }

    /**
     * The same events for any organization (new ids each time): two campaigns, pages created into c1 or into none,
     * every third page also in c2, then two long stretches of sends, clicks and repeated creates over those pages
     * and pages never created, with a few membership changes among them.
     */
    private static List<CloudEvent> events(String org) {
        Random random = new Random(13);
        List<CloudEvent> events = new ArrayList<>();
        events.add(Events.campaignCreated(org, "c1", "One", T0));
        events.add(Events.campaignCreated(org, "c2", "Two", T0));
        for (int p = 0; p < CREATED; p++) {
            events.add(Events.pageCreated(org, "p" + p, p % 5 == 4 ? null : "c1", T0));
            if (p % 3 == 0) {
                events.add(Events.added(org, "p" + p, "c2", T0.plusSeconds(1)));
            }
        }
        events.add(Events.sent(org, "p1", T0.plusSeconds(500)));
        events.add(Events.sent(org, "p1", T0.plusSeconds(100)));
        stretch(org, random, 300, events);
        events.add(Events.removed(org, "p2", "c1", T0.plusSeconds(2)));
        events.add(Events.added(org, "p4", "c2", T0.plusSeconds(2)));
        stretch(org, random, 300, events);
        return events;
    }

    private static void stretch(String org, Random random, int count, List<CloudEvent> events) {
        for (int i = 0; i < count; i++) {
            String page = "p" + random.nextInt(PAGES);
            Instant at = T0.plusSeconds(200 + random.nextInt(1_000));
            int kind = random.nextInt(100);
            if (kind < 45) {
                events.add(Events.sent(org, page, at));
            } else if (kind < 85) {
                events.add(Events.clicked(org, page, at));
            } else if (kind < 97) {
                events.add(Events.pageCreated(org, page, null, at));
            } else {
                events.add(random.nextBoolean() ? Events.added(org, page, "c" + (1 + random.nextInt(2)), at)
                        : Events.removed(org, page, "c" + (1 + random.nextInt(2)), at));
            }
        }
    }

    private static Instant sentAt(String schema, String org, String page) throws SQLException {
        try (Connection c = TestSettings.database(); PreparedStatement s = c.prepareStatement(
                "SELECT sent_at FROM " + schema + ".pages WHERE org_id = ? AND page_id = ?")) {
            s.setString(1, org);
            s.setString(2, page);
            ResultSet rs = s.executeQuery();
            assertThat(rs.next()).isTrue();
            return rs.getTimestamp(1).toInstant();
        }
    }

    private static long count(String schema, String org, String query) throws SQLException {
        try (Connection c = TestSettings.database();
             PreparedStatement s = c.prepareStatement(query.formatted(schema))) {
            s.setString(1, org);
            ResultSet rs = s.executeQuery();
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }
}
