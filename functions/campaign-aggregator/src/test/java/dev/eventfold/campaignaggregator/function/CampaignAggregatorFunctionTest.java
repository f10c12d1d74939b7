package dev.eventfold.campaignaggregator.function;

import dev.eventfold.campaignaggregator.domain.CampaignAggregator;
import dev.eventfold.campaignaggregator.domain.CampaignProjection;
import dev.eventfold.campaignaggregator.domain.CampaignTotals;
import dev.eventfold.campaignaggregator.domain.Events;
import dev.eventfold.localstack.EventfoldTestResource;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.model.payload.PageViewEnriched;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import static dev.eventfold.campaignaggregator.domain.Events.T0;
import static dev.eventfold.campaignaggregator.function.HttpEvents.api;
import static dev.eventfold.campaignaggregator.function.HttpEvents.post;
import static dev.eventfold.campaignaggregator.function.HttpEvents.postAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** The Knative path: binary-mode CloudEvents over HTTP into the projection, read back through the read API. */
@QuarkusTest
@QuarkusTestResource(value = EventfoldTestResource.class, restrictToAnnotatedClass = false)
class CampaignAggregatorFunctionTest {

    private final String org = "org-" + UUID.randomUUID();
    private final String campaign = "campaign-" + UUID.randomUUID();

    private String page(int n) {
        return campaign + "-page-" + n;
    }

    private CloudEvent view(int page, String visitor, Instant at, String countryCode, String country, String city) {
        return Events.viewed(org, Events.view(page(page), "81.2.69.142", visitor, at, countryCode, country, city));
    }

    private JsonPath campaignJson(String key) {
        return api(key).get("/campaigns/" + campaign).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aCampaignIsFoldedFromItsEventsAndReadBack() {
        String key = HttpEvents.issueKey(org);
        postAll(List.of(
                Events.campaignCreated(org, campaign, "Spring", T0),
                Events.pageCreated(org, page(1), campaign, T0), Events.pageCreated(org, page(2), campaign, T0),
                Events.pageCreated(org, page(3), campaign, T0),
                Events.sent(org, page(1), T0), Events.sent(org, page(2), T0), Events.sent(org, page(3), T0),
                view(1, "v1", T0.plusSeconds(600), "GB", "United Kingdom", "London"),
                view(1, "v1", T0.plusSeconds(700), "GB", "United Kingdom", "London"),
                view(2, "v1", T0.plusSeconds(4000), "SE", "Sweden", "Linköping"),
                view(2, "v2", T0.plusSeconds(90000), null, null, null),
                Events.clicked(org, page(2), T0.plusSeconds(4100))));

        JsonPath c = campaignJson(key);
        assertThat(c.getString("name")).isEqualTo("Spring");
        assertThat(c.getLong("pages")).isEqualTo(3);
        assertThat(c.getLong("pagesSent")).isEqualTo(3);
        assertThat(c.getLong("pagesViewed")).isEqualTo(2);
        assertThat(c.getDouble("viewRate")).isCloseTo(2.0 / 3.0, within(1e-6));
        assertThat(c.getLong("views")).isEqualTo(4);
        assertThat(c.getLong("uniqueVisitors")).isEqualTo(2);
        assertThat(c.getLong("clicks")).isEqualTo(1);

        JsonPath hours = api(key).get("/campaigns/" + campaign + "/timeseries?bucket=hour").then().statusCode(200)
                .extract().jsonPath();
        assertThat(hours.getList("start", String.class)).containsExactly(
                "2026-03-02T09:00:00Z", "2026-03-02T10:00:00Z", "2026-03-03T10:00:00Z");
        assertThat(hours.getList("views", Long.class)).containsExactly(2L, 1L, 1L);
        JsonPath days = api(key).get("/campaigns/" + campaign + "/timeseries?bucket=day").then().statusCode(200)
                .extract().jsonPath();
        assertThat(days.getList("views", Long.class)).containsExactly(3L, 1L);

        JsonPath countries = api(key).get("/campaigns/" + campaign + "/geo?level=country").then().statusCode(200)
                .extract().jsonPath();
        assertThat(countries.getList("countryCode", String.class)).containsExactly("GB", null, "SE");
        assertThat(countries.getList("views", Long.class)).containsExactly(2L, 1L, 1L);
        assertThat(countries.getList("known", Boolean.class)).containsExactly(true, false, true);
        JsonPath cities = api(key).get("/campaigns/" + campaign + "/geo?level=city").then().statusCode(200)
                .extract().jsonPath();
        assertThat(cities.getList("city", String.class)).containsExactly("London", null, "Linköping");

        JsonPath pages = api(key).get("/campaigns/" + campaign + "/pages?sort=views").then().statusCode(200)
                .extract().jsonPath();
        assertThat(pages.getList("items.pageId", String.class)).containsExactly(page(1), page(2), page(3));
        assertThat(pages.getLong("items[0].uniqueVisitors")).isEqualTo(1);
        assertThat(pages.getString("items[0].firstViewAt")).isEqualTo("2026-03-02T09:10:00Z");
        assertThat(pages.getString("items[0].lastViewAt")).isEqualTo("2026-03-02T09:11:40Z");
        assertThat(pages.getLong("items[1].clicks")).isEqualTo(1);
        assertThat(pages.getString("items[2].sentAt")).isEqualTo("2026-03-02T09:00:00Z");
        assertThat(pages.getString("nextCursor")).isNull();
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        String key = HttpEvents.issueKey(org);
        CloudEvent created = Events.pageCreated(org, page(1), campaign, T0);
        CloudEvent seen = view(1, "v1", T0, "GB", "United Kingdom", "London");
        CloudEvent clicked = Events.clicked(org, page(1), T0);
        postAll(List.of(created, seen, clicked));

        postAll(List.of(created, seen, clicked, seen));

        JsonPath c = campaignJson(key);
        assertThat(List.of(c.getLong("pages"), c.getLong("views"), c.getLong("uniqueVisitors"), c.getLong("clicks")))
                .containsExactly(1L, 1L, 1L, 1L);
    }

    @Test
    void aSecondViewOfTheSameVisitorWithANewIdIsAViewButNotANewVisitor() {
        String key = HttpEvents.issueKey(org);
        post(Events.pageCreated(org, page(1), campaign, T0)).then().statusCode(204);
        PageViewEnriched anonymous = Events.view(page(1), "81.2.69.160", null, T0, "GB", "United Kingdom", "London");

        postAll(List.of(Events.viewed(org, anonymous), Events.viewed(org, anonymous)));

        JsonPath c = campaignJson(key);
        assertThat(c.getLong("views")).isEqualTo(2);
        assertThat(c.getLong("uniqueVisitors")).isEqualTo(1);
    }

    @Test
    void eventsArrivingBeforeWhatTheyReferToAreNotLost() {
        String key = HttpEvents.issueKey(org);

        postAll(List.of(
                view(1, "v1", T0.plusSeconds(60), "GB", "United Kingdom", "London"),
                Events.sent(org, page(1), T0.plusSeconds(1)),
                Events.added(org, page(1), campaign, T0),
                Events.campaignCreated(org, campaign, "Late", T0.minusSeconds(60))));

        JsonPath c = campaignJson(key);
        assertThat(c.getString("name")).isEqualTo("Late");
        assertThat(List.of(c.getLong("pages"), c.getLong("pagesSent"), c.getLong("pagesViewed"), c.getLong("views"),
                c.getLong("uniqueVisitors"))).containsExactly(1L, 1L, 1L, 1L, 1L);
    }

    @Test
    void aRemovedPageTakesItsViewsOutOfTheCampaignAndALateOlderAddDoesNotBringThemBack() {
        String key = HttpEvents.issueKey(org);
        postAll(List.of(Events.pageCreated(org, page(1), campaign, T0), Events.pageCreated(org, page(2), campaign, T0),
                view(1, "v1", T0, "GB", "United Kingdom", "London"), view(2, "v2", T0, "SE", "Sweden", "Linköping")));

        postAll(List.of(Events.removed(org, page(2), campaign, T0.plusSeconds(10)),
                Events.added(org, page(2), campaign, T0.plusSeconds(5))));

        JsonPath c = campaignJson(key);
        assertThat(List.of(c.getLong("pages"), c.getLong("views"), c.getLong("uniqueVisitors")))
                .containsExactly(1L, 1L, 1L);
        JsonPath countries = api(key).get("/campaigns/" + campaign + "/geo").then().extract().jsonPath();
        assertThat(countries.getList("countryCode", String.class)).containsExactly("GB");
    }

    @Test
    void anyArrivalOrderGivesTheTotalsOfTheReferenceSemantics() {
        String key = HttpEvents.issueKey(org);
        Random random = new Random(7);
        String[][] places = {{"GB", "United Kingdom", "London"}, {"SE", "Sweden", "Linköping"},
                {"US", "United States", "Milton"}, {null, null, null}};
        List<CloudEvent> events = new ArrayList<>();
        events.add(Events.campaignCreated(org, campaign, "Shuffled", T0));
        for (int p = 0; p < 12; p++) {
            events.add(Events.pageCreated(org, page(p), p % 4 == 0 ? null : campaign, T0.plusSeconds(p)));
            if (p % 4 == 0) {
                events.add(Events.added(org, page(p), campaign, T0.plusSeconds(100 + p)));
            }
            if (p % 5 == 0) {
                events.add(Events.removed(org, page(p), campaign, T0.plusSeconds(200 + p)));
            }
            if (p % 3 != 0) {
                events.add(Events.sent(org, page(p), T0.plusSeconds(300)));
            }
            for (int v = 0; v < random.nextInt(4); v++) {
                String[] place = places[random.nextInt(places.length)];
                events.add(view(p, "v" + random.nextInt(6), T0.plusSeconds(random.nextInt(4 * 3600)), place[0], place[1], place[2]));
            }
            if (p % 2 == 0) {
                events.add(Events.clicked(org, page(p), T0.plusSeconds(500)));
            }
        }
        CampaignProjection expected = new CampaignProjection();
        events.forEach(e -> CampaignAggregator.changesFor(e).forEach(expected::apply));
        Collections.shuffle(events, random);

        postAll(events);

        CampaignTotals totals = expected.totals(org, campaign);
        JsonPath c = campaignJson(key);
        assertThat(new CampaignTotals(c.getLong("pages"), c.getLong("pagesSent"), c.getLong("pagesViewed"),
                c.getLong("views"), c.getLong("uniqueVisitors"), c.getLong("clicks"))).isEqualTo(totals);
        JsonPath hours = api(key).get("/campaigns/" + campaign + "/timeseries").then().extract().jsonPath();
        Map<Instant, Long> perHour = new TreeMap<>();
        for (int i = 0; i < hours.getList("start").size(); i++) {
            perHour.put(Instant.parse(hours.getString("start[" + i + "]")), hours.getLong("views[" + i + "]"));
        }
        Map<Instant, Long> expectedHours = new TreeMap<>(expected.viewsPerHour(org, campaign));
        expectedHours.values().removeIf(n -> n == 0);
        assertThat(perHour).isEqualTo(expectedHours);
        JsonPath countries = api(key).get("/campaigns/" + campaign + "/geo").then().extract().jsonPath();
        Map<String, Long> perCountry = new TreeMap<>();
        for (int i = 0; i < countries.getList("views").size(); i++) {
            String code = countries.getString("countryCode[" + i + "]");
            perCountry.put(code == null ? "" : code, countries.getLong("views[" + i + "]"));
        }
        assertThat(perCountry).isEqualTo(expected.viewsPerCountry(org, campaign));
    }

    @Test
    void pagesArePagedWithACursorInViewOrderAndInLastViewOrder() {
        String key = HttpEvents.issueKey(org);
        List<CloudEvent> events = new ArrayList<>();
        for (int p = 0; p < 7; p++) {
            events.add(Events.pageCreated(org, page(p), campaign, T0));
            for (int v = 0; v < p % 4; v++) {
                events.add(view(p, "v" + v, T0.plusSeconds(60L * (10 - p) + v), "GB", "United Kingdom", "London"));
            }
        }
        postAll(events);

        for (String sort : List.of("views", "last_view")) {
            List<String> seen = new ArrayList<>();
            List<Long> keys = new ArrayList<>();
            String cursor = null;
            do {
                var request = api(key).queryParam("sort", sort).queryParam("limit", 3);
                if (cursor != null) {
                    request = request.queryParam("cursor", cursor);
                }
                JsonPath page = request.get("/campaigns/" + campaign + "/pages").then().statusCode(200).extract().jsonPath();
                assertThat(page.getList("items").size()).isLessThanOrEqualTo(3);
                seen.addAll(page.getList("items.pageId", String.class));
                for (int i = 0; i < page.getList("items").size(); i++) {
                    keys.add(sort.equals("views") ? page.getLong("items[" + i + "].views")
                            : page.getString("items[" + i + "].lastViewAt") == null ? -1
                            : Instant.parse(page.getString("items[" + i + "].lastViewAt")).toEpochMilli());
                }
                cursor = page.getString("nextCursor");
            } while (cursor != null);
            assertThat(seen).hasSize(7);
            assertThat(new HashSet<>(seen)).hasSize(7);
            List<Long> sorted = new ArrayList<>(keys);
            sorted.sort(Collections.reverseOrder());
            assertThat(keys).as(sort).isEqualTo(sorted);
        }
        api(key).get("/campaigns/" + campaign + "/pages?sort=name").then().statusCode(400)
                .body("detail", containsString("sort"));
        api(key).get("/campaigns/" + campaign + "/pages?cursor=nonsense!").then().statusCode(400);
    }

    @Test
    void twoOrganizationsWithTheSamePageIdAndEventIdsEachCountOnlyTheirOwnViews() {
        String other = "other-" + org;
        String key = HttpEvents.issueKey(org);
        String otherKey = HttpEvents.issueKey(other);
        List<CloudEvent> mine = List.of(Events.campaignCreated(org, campaign, "Spring", T0),
                Events.pageCreated(org, page(1), campaign, T0), Events.sent(org, page(1), T0),
                view(1, "v1", T0.plusSeconds(60), "GB", "United Kingdom", "London"));
        postAll(mine);
        // the other organization: the same campaign and page ids, the very same event ids, two views of its own
        List<CloudEvent> theirs = new java.util.ArrayList<>(mine.stream().map(e -> e.withOrgId(other)).toList());
        theirs.add(Events.viewed(other, Events.view(page(1), "81.2.69.142", "v9", T0.plusSeconds(120), "SE", "Sweden", "Lund")));
        postAll(theirs);

        JsonPath c = campaignJson(key);
        assertThat(List.of(c.getLong("pages"), c.getLong("views"), c.getLong("uniqueVisitors")))
                .containsExactly(1L, 1L, 1L);
        JsonPath o = api(otherKey).get("/campaigns/" + campaign).then().statusCode(200).extract().jsonPath();
        assertThat(List.of(o.getLong("pages"), o.getLong("views"), o.getLong("uniqueVisitors")))
                .containsExactly(1L, 2L, 2L);
    }

    @Test
    void anotherOrganizationsCampaignIsNotFoundAndNoKeyIsUnauthorized() {
        HttpEvents.issueKey(org);
        post(Events.pageCreated(org, page(1), campaign, T0)).then().statusCode(204);
        String otherKey = HttpEvents.issueKey("other-" + org);

        for (String path : List.of("", "/pages", "/timeseries", "/geo")) {
            api(otherKey).get("/campaigns/" + campaign + path).then().statusCode(404)
                    .contentType("application/problem+json");
        }
        io.restassured.RestAssured.get("/campaigns/" + campaign).then().statusCode(401);
        api("not-a-key").get("/campaigns/" + campaign).then().statusCode(401);
    }

    @Test
    void aViewThatCanNeverApplyIsRejectedWith400AndChangesNothing() {
        String key = HttpEvents.issueKey(org);
        post(Events.pageCreated(org, page(1), campaign, T0)).then().statusCode(204);
        PageViewEnriched bad = new PageViewEnriched(page(1), "81.2.69.142", null, null, "v1", "not a time", "unknown",
                "private", null, null, null, null, null, null, null, null, null, null, null, null, null, null);

        post(Events.event(org, EventType.PAGE_VIEW_ENRICHED, page(1), T0, bad)).then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("data.viewedAt"));

        assertThat(campaignJson(key).getLong("views")).isZero();
    }

}
