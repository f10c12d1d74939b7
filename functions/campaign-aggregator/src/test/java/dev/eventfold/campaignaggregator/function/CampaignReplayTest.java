package dev.eventfold.campaignaggregator.function;

import dev.eventfold.campaignaggregator.domain.Events;
import dev.eventfold.campaignaggregator.replay.CampaignReplayFold;
import dev.eventfold.localstack.EventfoldTestResource;
import dev.eventfold.localstack.testing.TestSettings;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.Topic;
import dev.eventfold.runtime.replay.ProjectionReplay;
import dev.eventfold.runtime.replay.ReplaySettings;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.eventfold.campaignaggregator.function.HttpEvents.api;
import static dev.eventfold.campaignaggregator.function.KafkaSupport.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime's replay on campaign-aggregator, on the real broker and PostgreSQL with the Kafka trigger live: a
 * replay into a fresh version builds the same tables as the live fold, reads and live writes follow the switch,
 * stats versions keep growing across it, and a switch back catches the older version up first.
 */
@QuarkusTest
@QuarkusTestResource(value = EventfoldTestResource.class, restrictToAnnotatedClass = false)
class CampaignReplayTest {

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private final String org = "org-" + UUID.randomUUID();

    @Test
    void aReplayBuildsTheLiveFoldsTablesAndASwitchBackLosesNothing() throws Exception {
        String key = HttpEvents.issueKey(org);
        SimulatedCampaign sim = SimulatedCampaign.generate(org, "replayed-" + UUID.randomUUID(), 300, 7);
        KafkaSupport.produce(sim.events);
        await(PATIENCE, "the live fold", () -> views(key, sim.campaign) == sim.views);
        KafkaSupport.awaitNoLag("campaign-aggregator", PATIENCE, Topic.EVENTS, Topic.VISITS_ENRICHED);

        ProjectionReplay.Result forward = replay(null, false);

        String live = forward.previous();
        assertThat(snapshot(forward.schema())).isEqualTo(snapshot(live));
        assertThat(snapshot(live).get("pages")).hasSize(300);
        assertThat(version(forward.schema(), sim.campaign)).isGreaterThan(version(live, sim.campaign));

        List<CloudEvent> since = moreViews(sim.campaign, 25);
        KafkaSupport.produce(since);
        await(PATIENCE, "live writes and reads on " + forward.schema(),
                () -> views(key, sim.campaign) == sim.views + since.size());
        assertThat(snapshot(live)).isNotEqualTo(snapshot(forward.schema()));

        ProjectionReplay.Result back = replay(live, true);

        assertThat(back.schema()).isEqualTo(live);
        assertThat(snapshot(live)).isEqualTo(snapshot(forward.schema()));
        assertThat(views(key, sim.campaign)).isEqualTo(sim.views + since.size());
        assertThat(version(live, sim.campaign)).isGreaterThan(version(forward.schema(), sim.campaign));
    }

    /** Views of the campaign's first member page (p1: neither added later nor removed) by new visitors. */
    private List<CloudEvent> moreViews(String campaign, int count) {
        List<CloudEvent> views = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            views.add(Events.viewed(org, Events.view(campaign + "-p1", "81.2.69.142", "late-visitor-" + i,
                    SimulatedCampaign.T0.plusSeconds(90_000 + i), "GB", "United Kingdom", "London")));
        }
        return views;
    }

    private static ProjectionReplay.Result replay(String schema, boolean switchBack) {
        URI db = URI.create(TestSettings.get("quarkus.datasource.jdbc.url").substring("jdbc:".length()));
        ByteArrayOutputStream progress = new ByteArrayOutputStream();
        ReplaySettings settings = new ReplaySettings(TestSettings.bootstrapServers(),
                TestSettings.get("eventfold.topic-prefix"), db.getHost(), db.getPort(), db.getPath().substring(1),
                TestSettings.get("quarkus.datasource.username"), TestSettings.get("quarkus.datasource.password"),
                schema, switchBack, false, Duration.ofMillis(200),
                new PrintStream(progress, true, StandardCharsets.UTF_8));
        ProjectionReplay.Result result = new ProjectionReplay(new CampaignReplayFold(), settings).run();
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("lag 0")
                .contains("switched reads and live writes to " + result.schema());
        return result;
    }

    private static long views(String key, String campaign) {
        var response = api(key).get("/campaigns/" + campaign);
        return response.statusCode() == 200 ? response.jsonPath().getLong("views") : -1;
    }

    private Map<String, List<String>> snapshot(String schema) throws SQLException {
        return ProjectionTables.snapshot(schema, org);
    }

    private long version(String schema, String campaign) throws SQLException {
        try (Connection c = TestSettings.database();
             PreparedStatement s = c.prepareStatement("SELECT version FROM " + schema
                     + ".campaigns WHERE org_id = ? AND campaign_id = ?")) {
            s.setString(1, org);
            s.setString(2, campaign);
            ResultSet rs = s.executeQuery();
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }
}
