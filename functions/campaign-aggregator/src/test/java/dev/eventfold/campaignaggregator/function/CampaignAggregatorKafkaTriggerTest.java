package dev.eventfold.campaignaggregator.function;

import dev.eventfold.campaignaggregator.domain.Events;
import dev.eventfold.localstack.EventfoldTestResource;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventCodec;
import dev.eventfold.model.EventType;
import dev.eventfold.model.KafkaBinding;
import dev.eventfold.model.Topic;
import dev.eventfold.model.payload.CampaignStatsUpdated;
import dev.eventfold.model.payload.PageViewEnriched;
import dev.eventfold.runtime.emit.DeadLetterHeaders;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static dev.eventfold.campaignaggregator.function.HttpEvents.api;
import static dev.eventfold.campaignaggregator.function.KafkaSupport.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The Kafka trigger end to end on the real broker and PostgreSQL: a simulated campaign, redelivery, coalescing. */
@QuarkusTest
@QuarkusTestResource(value = EventfoldTestResource.class, restrictToAnnotatedClass = false)
class CampaignAggregatorKafkaTriggerTest {

    private static final Logger LOG = Logger.getLogger(CampaignAggregatorKafkaTriggerTest.class);
    static final String GROUP = "campaign-aggregator";
    static final Duration PATIENCE = Duration.ofSeconds(150);

    private final String org = "org-" + UUID.randomUUID();

    @Test
    void aSimulatedCampaignOf10000PagesAddsUpAndRedeliveryChangesNothing() {
        String key = HttpEvents.issueKey(org);
        SimulatedCampaign sim = SimulatedCampaign.generate(org, "campaign-" + UUID.randomUUID(), 10_000, 2026);

        long start = System.nanoTime();
        KafkaSupport.produce(sim.events);
        await(PATIENCE, "the campaign's views to add up", () -> views(key, sim) == sim.views);
        KafkaSupport.awaitNoLag(GROUP, PATIENCE, Topic.EVENTS, Topic.VISITS_ENRICHED);
        LOG.infof("%d events of %d pages (%d views) produced and applied in %.1f s", sim.events.size(), 10_000,
                sim.views, (System.nanoTime() - start) / 1e9);

        assertTotals(key, sim, sim.views);
        assertPagesAddUp(key, sim);

        start = System.nanoTime();
        KafkaSupport.produce(sim.events); // the same events again, same ids
        KafkaSupport.awaitNoLag(GROUP, PATIENCE, Topic.EVENTS, Topic.VISITS_ENRICHED);
        LOG.infof("the same %d events redelivered and skipped as duplicates in %.1f s", sim.events.size(),
                (System.nanoTime() - start) / 1e9);

        assertTotals(key, sim, sim.views);

        List<CloudEvent> again = sim.memberViewsWithNewIds(2_000);
        KafkaSupport.produce(again); // the same visitors seen again under new ids: more views, no new visitor
        await(PATIENCE, "the repeated views", () -> views(key, sim) == sim.views + again.size());
        KafkaSupport.awaitNoLag(GROUP, PATIENCE, Topic.EVENTS, Topic.VISITS_ENRICHED);

        JsonPath c = campaign(key, sim.campaign);
        assertThat(c.getLong("views")).isEqualTo(sim.views + again.size());
        assertThat(c.getLong("uniqueVisitors")).isEqualTo(sim.visitors.size());
        assertThat(sumOverPages(key, sim, "uniqueVisitors")).isEqualTo(sim.sumOfPageUniques);
    }

    @Test
    void aBurstOf1000ViewsYieldsFewStatsEventsEndingWithTheFinalTotals() {
        String campaign = "burst-" + UUID.randomUUID();
        List<CloudEvent> setup = new ArrayList<>();
        for (int p = 0; p < 10; p++) {
            setup.add(Events.pageCreated(org, campaign + "-p" + p, campaign, Events.T0));
            setup.add(Events.sent(org, campaign + "-p" + p, Events.T0));
        }
        List<CloudEvent> burst = new ArrayList<>();
        for (int v = 0; v < 1000; v++) {
            burst.add(Events.viewed(org, Events.view(campaign + "-p" + (v % 7), "81.2.69.142", "visitor-" + (v % 250),
                    Events.T0.plusSeconds(v), "GB", "United Kingdom", "London")));
        }
        long started = System.nanoTime();
        KafkaSupport.produce(setup);
        KafkaSupport.produce(burst);

        await(PATIENCE, "stats with the final totals", () -> stats(campaign).stream().anyMatch(s -> s.views() == 1000));
        double seconds = (System.nanoTime() - started) / 1e9;
        List<CampaignStatsUpdated> emitted = stats(campaign);

        CampaignStatsUpdated last = emitted.get(emitted.size() - 1);
        assertThat(last).isEqualTo(new CampaignStatsUpdated(campaign, 10, 10, 7, 0.7, 1000, 250, 0));
        assertThat(emitted.stream().map(CampaignStatsUpdated::views).toList()).isSorted();
        // at most one per campaign per interval (1 s), never one per view
        assertThat(emitted.size()).isLessThan(1000).isLessThanOrEqualTo((int) Math.ceil(seconds) + 2);
        assertThat(new HashSet<>(statIds(campaign))).hasSize(emitted.size());
    }

    @Test
    void aStatsEventContinuesTheTraceOfTheLatestViewItCounts() {
        String campaign = "traced-" + UUID.randomUUID();
        String first = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        String latest = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        List<CloudEvent> events = new ArrayList<>();
        events.add(Events.pageCreated(org, campaign + "-p", campaign, Events.T0));
        events.add(Events.viewed(org, Events.view(campaign + "-p", "81.2.69.142", "visitor-1", Events.T0.plusSeconds(1),
                "GB", "United Kingdom", "London")).withTrace(first, null));
        events.add(Events.viewed(org, Events.view(campaign + "-p", "81.2.69.142", "visitor-2", Events.T0.plusSeconds(2),
                "GB", "United Kingdom", "London")).withTrace(latest, null));

        KafkaSupport.produce(events);

        assertThat(firstStatsCounting(campaign, 2).traceparent()).isEqualTo(latest);
    }

    /** Views and page events come on two topics: views folded before their page joins the campaign keep their trace. */
    @Test
    void aStatsEventContinuesTheTraceOfViewsFoldedInWhenTheirPageJoinsTheCampaign() {
        String campaign = "traced-late-" + UUID.randomUUID();
        String first = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        String latest = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        KafkaSupport.produce(List.of(
                Events.viewed(org, Events.view(campaign + "-p", "81.2.69.142", "visitor-1", Events.T0.plusSeconds(1),
                        "GB", "United Kingdom", "London")).withTrace(first, null),
                Events.viewed(org, Events.view(campaign + "-p", "81.2.69.142", "visitor-2", Events.T0.plusSeconds(2),
                        "GB", "United Kingdom", "London")).withTrace(latest, null)));
        KafkaSupport.awaitNoLag(GROUP, PATIENCE, Topic.VISITS_ENRICHED); // both views counted on the page alone

        KafkaSupport.produce(List.of(Events.pageCreated(org, campaign + "-p", campaign, Events.T0)));

        assertThat(firstStatsCounting(campaign, 2).traceparent()).isEqualTo(latest);
    }

    @Test
    void aViewThatCanNeverApplyIsDeadLetteredAndTheRestOfItsBatchCounts() {
        String key = HttpEvents.issueKey(org);
        String campaign = "poison-" + UUID.randomUUID();
        List<CloudEvent> events = new ArrayList<>();
        events.add(Events.pageCreated(org, campaign + "-p", campaign, Events.T0));
        for (int v = 0; v < 10; v++) {
            events.add(Events.viewed(org, Events.view(campaign + "-p", "89.160.20.128", "visitor-" + v,
                    Events.T0.plusSeconds(v), "SE", "Sweden", "Linköping")));
        }
        PageViewEnriched bad = new PageViewEnriched(campaign + "-p", "89.160.20.128", null, null, "visitor-x",
                "yesterday", "unknown", "private", null, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
        CloudEvent poison = Events.event(org, EventType.PAGE_VIEW_ENRICHED, campaign + "-p", Events.T0, bad);
        events.add(5, poison);

        KafkaSupport.produce(events);

        await(PATIENCE, "the poison record in the dead-letter topic", () -> KafkaSupport.readAll(Topic.DEAD_LETTER).stream()
                .anyMatch(r -> poison.id().equals(header(r, "ce_id"))));
        await(PATIENCE, "the good views", () -> {
            var response = api(key).get("/campaigns/" + campaign);
            return response.statusCode() == 200 && response.jsonPath().getLong("views") == 10;
        });
        var dead = KafkaSupport.readAll(Topic.DEAD_LETTER).stream().filter(r -> poison.id().equals(header(r, "ce_id"))).toList();
        assertThat(dead).hasSize(1);
        assertThat(header(dead.get(0), DeadLetterHeaders.REASON)).contains("data.viewedAt");
        assertThat(campaign(key, campaign).getLong("uniqueVisitors")).isEqualTo(10);
    }

    /** The first stats event of this org's campaign whose totals count {@code views} views (waits for it). */
    private CloudEvent firstStatsCounting(String campaign, long views) {
        await(PATIENCE, "stats counting " + views + " views", () -> stats(campaign).stream().anyMatch(s -> s.views() == views));
        return KafkaSupport.readAll(Topic.CAMPAIGN_STATS).stream()
                .map(r -> KafkaBinding.fromRecord(EventCodec.internal(), r))
                .filter(e -> e.subject().equals(campaign) && org.equals(e.orgId()))
                .filter(e -> e.payload(CampaignStatsUpdated.class).views() == views)
                .findFirst().orElseThrow();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private List<CampaignStatsUpdated> stats(String campaign) {
        return KafkaSupport.readAll(Topic.CAMPAIGN_STATS).stream()
                .map(r -> KafkaBinding.fromRecord(EventCodec.internal(), r))
                .filter(e -> e.subject().equals(campaign) && org.equals(e.orgId()))
                .map(e -> e.payload(CampaignStatsUpdated.class))
                .toList();
    }

    private List<String> statIds(String campaign) {
        return KafkaSupport.readAll(Topic.CAMPAIGN_STATS).stream()
                .map(r -> KafkaBinding.fromRecord(EventCodec.internal(), r))
                .filter(e -> e.subject().equals(campaign) && e.type().equals(EventType.CAMPAIGN_STATS_UPDATED.type()))
                .map(CloudEvent::id)
                .toList();
    }

    private static JsonPath campaign(String key, String campaign) {
        return api(key).get("/campaigns/" + campaign).then().statusCode(200).extract().jsonPath();
    }

    private static long views(String key, SimulatedCampaign sim) {
        var response = api(key).get("/campaigns/" + sim.campaign);
        return response.statusCode() == 200 ? response.jsonPath().getLong("views") : -1;
    }

    private static void assertTotals(String key, SimulatedCampaign sim, long views) {
        JsonPath c = campaign(key, sim.campaign);
        assertThat(c.getLong("pages")).isEqualTo(sim.pages);
        assertThat(c.getLong("pagesSent")).isEqualTo(sim.pagesSent);
        assertThat(c.getLong("pagesViewed")).isEqualTo(sim.pagesViewed);
        assertThat(c.getDouble("viewRate")).isCloseTo(sim.viewRate(), within(1e-6));
        assertThat(c.getLong("views")).isEqualTo(views);
        assertThat(c.getLong("uniqueVisitors")).isEqualTo(sim.visitors.size());
        assertThat(c.getLong("clicks")).isEqualTo(sim.clicks);

        JsonPath hours = api(key).get("/campaigns/" + sim.campaign + "/timeseries?bucket=hour").then().statusCode(200)
                .extract().jsonPath();
        Map<Instant, Long> perHour = new TreeMap<>();
        for (int i = 0; i < hours.getList("start").size(); i++) {
            perHour.put(Instant.parse(hours.getString("start[" + i + "]")), hours.getLong("views[" + i + "]"));
        }
        assertThat(perHour).isEqualTo(sim.perHour);

        JsonPath countries = api(key).get("/campaigns/" + sim.campaign + "/geo?level=country").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Long> perCountry = new TreeMap<>();
        for (int i = 0; i < countries.getList("views").size(); i++) {
            String code = countries.getString("countryCode[" + i + "]");
            perCountry.put(code == null ? "" : code, countries.getLong("views[" + i + "]"));
        }
        assertThat(perCountry).isEqualTo(sim.perCountry);
    }

    private static void assertPagesAddUp(String key, SimulatedCampaign sim) {
        assertThat(sumOverPages(key, sim, "views")).isEqualTo(sim.views);
        assertThat(sumOverPages(key, sim, "uniqueVisitors")).isEqualTo(sim.sumOfPageUniques);
    }

    /** Walks every page of the campaign with the cursor and sums one field. */
    private static long sumOverPages(String key, SimulatedCampaign sim, String field) {
        long sum = 0;
        int count = 0;
        String cursor = null;
        do {
            var request = api(key).queryParam("limit", 500);
            if (cursor != null) {
                request = request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/campaigns/" + sim.campaign + "/pages").then().statusCode(200).extract().jsonPath();
            for (Object value : page.getList("items." + field)) {
                sum += ((Number) value).longValue();
                count++;
            }
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        assertThat(count).isEqualTo(sim.pages);
        return sum;
    }
}
