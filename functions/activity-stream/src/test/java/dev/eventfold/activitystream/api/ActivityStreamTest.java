package dev.eventfold.activitystream.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventfold.activitystream.StreamClient;
import dev.eventfold.activitystream.ActivityStreamTestResource;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.eventfold.activitystream.Fixtures.keyOf;
import static dev.eventfold.activitystream.Fixtures.newOrg;
import static dev.eventfold.activitystream.Fixtures.produce;
import static dev.eventfold.activitystream.Fixtures.stats;
import static dev.eventfold.activitystream.Fixtures.view;
import static dev.eventfold.localstack.TestKafka.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The push side on the real broker and PostgreSQL, through a real WebSocket client: derived events written to
 * their topics reach the connected browsers of their organization only, a resume from a cursor has no gap and no
 * duplicate, a slow client is dropped with resync, campaign stats are coalesced.
 */
@QuarkusTest
@QuarkusTestResource(value = ActivityStreamTestResource.class, restrictToAnnotatedClass = false)
class ActivityStreamTest {

    @Inject
    ActivityHub hub;

    @Test
    void aDerivedEventReachesTheConnectedBrowserOfItsOrganization() {
        String org = newOrg();
        String key = keyOf(org);
        try (StreamClient client = StreamClient.connect(key, null).awaitLive()) {
            CloudEvent view = view(org, "page-1", "London");
            produce(List.of(view));

            JsonNode item = client.awaitMessage(m -> view.id().equals(m.path("id").asText()));
            assertThat(item.path("eventType").asText()).isEqualTo(EventType.PAGE_VIEW_ENRICHED.type());
            assertThat(item.path("subject").asText()).isEqualTo("page-1");
            assertThat(item.path("data").path("city").asText()).isEqualTo("London");
            assertThat(item.path("cursor").asText()).isNotBlank();
        }
    }

    @Test
    void eachOrganizationSeesOnlyItsOwnActivity() {
        String a = newOrg();
        String b = newOrg();
        try (StreamClient alice = StreamClient.connect(keyOf(a), null).awaitLive();
             StreamClient bob = StreamClient.connect(keyOf(b), null).awaitLive()) {
            List<CloudEvent> events = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                events.add(view(a, "pa-" + i, "Leeds"));
                events.add(view(b, "pb-" + i, "York"));
            }
            produce(events);
            // markers after everything else: once each side has its marker, every earlier item had its chance
            CloudEvent markerA = view(a, "pa-marker", "Leeds");
            CloudEvent markerB = view(b, "pb-marker", "York");
            produce(List.of(markerA, markerB));
            alice.awaitItems(m -> true, 11);
            bob.awaitItems(m -> true, 11);
            alice.awaitMessage(m -> markerA.id().equals(m.path("id").asText()));
            bob.awaitMessage(m -> markerB.id().equals(m.path("id").asText()));

            assertThat(alice.items()).extracting(m -> m.path("subject").asText()).allMatch(s -> s.startsWith("pa-"))
                    .hasSize(11);
            assertThat(bob.items()).extracting(m -> m.path("subject").asText()).allMatch(s -> s.startsWith("pb-"))
                    .hasSize(11);
        }
    }

    @Test
    void aNewClientGetsTheNewestStoredItemsOldestFirstThenTheLiveFeed() {
        String org = newOrg();
        String key = keyOf(org);
        // one page, so one partition: the order of the items is the order they were written
        List<CloudEvent> earlier = IntStream.range(0, 6).mapToObj(i -> view(org, "page-oslo", "Oslo")).toList();
        produce(earlier);
        awaitStored(earlier.get(earlier.size() - 1).id());

        try (StreamClient client = StreamClient.connect(key, null).awaitLive()) {
            // what a dashboard shows the moment it opens: the organization's recent activity, before anything new
            assertThat(client.items()).extracting(m -> m.path("id").asText())
                    .containsExactlyElementsOf(earlier.stream().map(CloudEvent::id).toList());
            CloudEvent fresh = view(org, "page-oslo", "Bergen");
            produce(List.of(fresh));
            client.awaitMessage(m -> fresh.id().equals(m.path("id").asText()));
            assertThat(client.items()).hasSize(earlier.size() + 1);
            // an initial item's cursor resumes after that item: the two after it arrive, then the new one
            String cursor = client.items().get(3).path("cursor").asText();
            try (StreamClient again = StreamClient.connect(key, cursor).awaitLive()) {
                assertThat(again.items()).extracting(m -> m.path("id").asText())
                        .containsExactly(earlier.get(4).id(), earlier.get(5).id(), fresh.id());
            }
        }
    }

    @Test
    void aResumeFromACursorGetsEverythingMissedOnceThenTheLiveFeed() {
        String org = newOrg();
        String key = keyOf(org);
        List<CloudEvent> before = IntStream.range(0, 9).mapToObj(i -> view(org, "page-" + i, "Paris")).toList();
        String cursor;
        Set<String> seenFirst;
        try (StreamClient first = StreamClient.connect(key, null).awaitLive()) {
            produce(before);
            List<JsonNode> got = first.awaitItems(m -> true, 9);
            // the client stops after the fifth item it got: it saw those five, not the other four
            cursor = got.get(4).path("cursor").asText();
            seenFirst = got.subList(0, 5).stream().map(m -> m.path("id").asText()).collect(Collectors.toSet());
        }
        resumeGetsWhatItMissedOnceThenTheLiveFeed(org, key, cursor, before, seenFirst);
    }

    /**
     * Views written while the client is away, then a resume from {@code cursor}: every item of {@code before} not in
     * {@code seenFirst} and every one written meanwhile arrive once, then a live one, last.
     */
    private static void resumeGetsWhatItMissedOnceThenTheLiveFeed(String org, String key, String cursor,
                                                                  List<CloudEvent> before, Set<String> seenFirst) {
        List<CloudEvent> whileAway = IntStream.range(0, 8).mapToObj(i -> view(org, "away-" + i, "Lyon")).toList();
        produce(whileAway);
        Set<String> expected = new HashSet<>();
        before.forEach(e -> expected.add(e.id()));
        whileAway.forEach(e -> expected.add(e.id()));
        expected.removeAll(seenFirst);
        // the store has the items once the pod's consumer has them: wait for the last one there
        awaitStored(whileAway.get(whileAway.size() - 1).id());

        try (StreamClient again = StreamClient.connect(key, cursor).awaitLive()) {
            CloudEvent after = view(org, "after", "Nice");
            produce(List.of(after));
            again.awaitMessage(m -> after.id().equals(m.path("id").asText()));
            List<String> ids = again.items().stream().map(m -> m.path("id").asText()).toList();

            assertThat(ids).doesNotHaveDuplicates();
            Set<String> expectedWithLive = new HashSet<>(expected);
            expectedWithLive.add(after.id());
            assertThat(new HashSet<>(ids)).isEqualTo(expectedWithLive);
            assertThat(ids.get(ids.size() - 1)).isEqualTo(after.id());
        }
    }

    @Test
    void caughtUpClientsShareOneEncodingAndItsCursorsResumeWithoutGapOrDuplicate() {
        String org = newOrg();
        String other = newOrg();
        String key = keyOf(org);
        List<CloudEvent> before = IntStream.range(0, 9).mapToObj(i -> view(org, "page-" + i, "Rome")).toList();
        String cursor;
        Set<String> seenFirst;
        try (StreamClient first = StreamClient.connect(key, null).awaitLive();
             StreamClient second = StreamClient.connect(key, null).awaitLive()) {
            CloudEvent warm = view(org, "warm", "Rome");
            produce(List.of(warm));
            first.awaitMessage(m -> warm.id().equals(m.path("id").asText()));
            second.awaitMessage(m -> warm.id().equals(m.path("id").asText()));
            eventually("both clients on the shared frames", StreamClient.PATIENCE, Duration.ofMillis(20),
                    () -> hub.sharedSubscribers(org) == 2);
            // another organization's items on the same partitions move the feed position in between
            List<CloudEvent> mixed = new ArrayList<>();
            for (int i = 0; i < before.size(); i++) {
                mixed.add(before.get(i));
                mixed.add(view(other, "other-" + i, "Milan"));
            }
            produce(mixed);
            List<JsonNode> got = first.awaitItems(m -> m.path("subject").asText().startsWith("page-"), 9);
            List<JsonNode> alsoGot = second.awaitItems(m -> m.path("subject").asText().startsWith("page-"), 9);
            // one encoding for both: the same item carries the same cursor to each client
            assertThat(alsoGot).extracting(m -> m.path("id").asText() + " " + m.path("cursor").asText())
                    .containsExactlyElementsOf(got.stream().map(m -> m.path("id").asText() + " " + m.path("cursor").asText()).toList());
            cursor = got.get(4).path("cursor").asText();
            seenFirst = got.subList(0, 5).stream().map(m -> m.path("id").asText()).collect(Collectors.toSet());
        }
        resumeGetsWhatItMissedOnceThenTheLiveFeed(org, key, cursor, before, seenFirst);
    }

    @Test
    void aClientThatStopsReadingGetsResyncAndLeavesTheLiveFeed() {
        String org = newOrg();
        String key = keyOf(org);
        try (StreamClient slow = StreamClient.connect(key, null).awaitLive()) {
            slow.pause();
            long resyncsBefore = hub.resyncs();
            // items large enough that a paused socket backs up after a few dozen of them
            List<CloudEvent> burst = IntStream.range(0, 2000)
                    .mapToObj(i -> view(org, "page-" + i + "-" + "x".repeat(200), "Berlin")).toList();
            produce(burst);
            eventually("the slow client dropped", StreamClient.PATIENCE, Duration.ofMillis(50),
                    () -> hub.resyncs() > resyncsBefore && hub.subscribers(org) == 0);
            slow.resume();
            slow.awaitMessage(m -> "resync".equals(m.path("type").asText()));
            slow.awaitClosed();

            List<JsonNode> messages = slow.messages();
            assertThat(messages.get(messages.size() - 1).path("type").asText()).isEqualTo("resync");
            assertThat(slow.items().size()).isLessThan(burst.size());
        }
    }

    @Test
    void campaignStatsAreCoalescedPerCampaignWithTheLatestTotals() {
        String org = newOrg();
        String key = keyOf(org);
        try (StreamClient client = StreamClient.connect(key, null).awaitLive()) {
            List<CloudEvent> burst = new ArrayList<>();
            for (long views = 1; views <= 300; views++) {
                burst.add(stats(org, "c-1", views));
                burst.add(stats(org, "c-2", views * 2));
            }
            produce(burst);
            client.awaitMessage(m -> "c-1".equals(m.path("subject").asText()) && m.path("data").path("views").asLong() == 300);
            client.awaitMessage(m -> "c-2".equals(m.path("subject").asText()) && m.path("data").path("views").asLong() == 600);

            List<JsonNode> c1 = client.items(m -> "c-1".equals(m.path("subject").asText()));
            List<JsonNode> c2 = client.items(m -> "c-2".equals(m.path("subject").asText()));
            // 600 updates in one burst: far fewer messages, every one a later total than the one before
            assertThat(c1.size() + c2.size()).isLessThan(60);
            assertThat(c1).extracting(m -> m.path("data").path("views").asLong()).isSorted();
            assertThat(c2).extracting(m -> m.path("data").path("views").asLong()).isSorted();
        }
    }

    @Test
    void aTokenNeedsAnApiKeyOfTheOrganization() {
        RestAssured.given().post("/activity/tokens").then().statusCode(401)
                .contentType("application/problem+json");
        RestAssured.given().header("X-Api-Key", "no-such-key").post("/activity/tokens").then().statusCode(401);
        String org = newOrg();
        RestAssured.given().header("X-Api-Key", keyOf(org)).post("/activity/tokens").then().statusCode(201)
                .header("Cache-Control", "no-store").body("organizationId", equalTo(org));
    }

    @Test
    void aBadHelloIsAProblemNamingTheFieldAndClosesTheSocket() {
        try (StreamClient forged = StreamClient.open()) {
            forged.hello("b3JnLXg.9999999999.AAAA", null);
            JsonNode error = forged.awaitMessage(m -> "error".equals(m.path("type").asText()));
            assertThat(error.path("status").asInt()).isEqualTo(401);
            assertThat(error.path("errors").get(0).path("field").asText()).isEqualTo("token");
            forged.awaitClosed();
            assertThat(forged.closeStatus()).isEqualTo((short) 1008);
        }
        String key = keyOf(newOrg());
        try (StreamClient badCursor = StreamClient.open()) {
            badCursor.hello(StreamClient.token(key), "not a cursor!");
            JsonNode error = badCursor.awaitMessage(m -> "error".equals(m.path("type").asText()));
            assertThat(error.path("errors").get(0).path("field").asText()).isEqualTo("cursor");
            badCursor.awaitClosed();
        }
        try (StreamClient noHello = StreamClient.open()) {
            noHello.send("{\"type\":\"subscribe\"}");
            JsonNode error = noHello.awaitMessage(m -> "error".equals(m.path("type").asText()));
            assertThat(error.path("errors").get(0).path("field").asText()).isEqualTo("type");
            noHello.awaitClosed();
        }
    }

    private static void awaitStored(String eventId) {
        eventually("event " + eventId + " in the recent-activity store", StreamClient.PATIENCE, Duration.ofMillis(50), () -> {
            try (var db = dev.eventfold.localstack.testing.TestSettings.database();
                 var q = db.prepareStatement("SELECT 1 FROM activity_stream.activity WHERE event_id = ?")) {
                q.setString(1, eventId);
                return q.executeQuery().next();
            } catch (java.sql.SQLException e) {
                return false;
            }
        });
    }
}
