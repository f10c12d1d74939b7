package dev.eventfold.integrations;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.Topic;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.eventfold.integrations.TestSupport.awaitConsumed;
import static dev.eventfold.integrations.TestSupport.eventually;
import static dev.eventfold.integrations.TestSupport.messages;
import static dev.eventfold.integrations.TestSupport.newOrg;
import static dev.eventfold.integrations.TestSupport.produce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

/** A newly connected tool gets the organization's past events from the log, with the replay's progress. */
@QuarkusTest
@QuarkusTestResource(value = IntegrationsTestResource.class, restrictToAnnotatedClass = false)
class ReplayTest {

    @Test
    void aNewDestinationReceivesItsOrganizationsPastEventsThatItsFilterTakes() {
        TestSupport.Org org = newOrg();
        TestSupport.Org other = newOrg();
        List<CloudEvent> past = List.of(org.user("u1", "a@example.com", "A"), org.user("u2", "b@example.com", "B"),
                org.user("u3", "c@example.com", "C"));
        produce(past);
        produce(List.of(other.user("x1", "x@example.com", "X"), other.user("x2", "y@example.com", "Y")));
        produce(List.of(org.pageView("page-9"))); // the filter takes user states only
        // the live path has seen them all before the destination exists: only the replay can queue them
        awaitConsumed(Topic.USERS, Topic.VISITS_ENRICHED);
        try (FakeTool segment = new FakeTool("{}")) {
            String id = org.destination("segment", segment.baseUrl(), "wk_replay",
                    Map.of("replay", true, "filter", Map.of("types", List.of("dev.eventfold.user.state.updated"))));

            eventually("the replay done", () -> "done".equals(org.api().get("/destinations/" + id + "/replays").path("[0].status")));
            org.api().get("/destinations/" + id + "/replays").then().statusCode(200)
                    .body("[0].eventsMatched", equalTo(3))
                    .body("[0].queued", equalTo(3))
                    .body("[0].recordsRead", greaterThanOrEqualTo(6))
                    .body("[0].recordsTotal", greaterThanOrEqualTo(6));
            eventually("the past delivered", () -> messages(id, "succeeded") == 3);

            Set<String> sent = new TreeSet<>();
            segment.requests().forEach(r -> sent.add(r.body()));
            String all = String.join("\n", sent);
            past.forEach(e -> assertThat(all).contains(e.id()));
            assertThat(all).doesNotContain("x@example.com").doesNotContain("y@example.com").doesNotContain("page-9");

            // a second replay finds every event already queued: nothing is sent twice
            org.api().post("/destinations/" + id + "/replays").then().statusCode(202);
            eventually("the second replay done", () -> org.api().get("/destinations/" + id + "/replays").jsonPath()
                    .getList("status").stream().allMatch("done"::equals) && org.api().get("/destinations/" + id + "/replays")
                    .jsonPath().getList("status").size() == 2);
            assertThat(org.api().get("/destinations/" + id + "/replays").jsonPath().getInt("[0].queued")).isZero();
            assertThat(messages(id, "succeeded")).isEqualTo(3);
        }
    }
}
