package dev.eventfold.integrations;

import dev.eventfold.localstack.testing.CloudEventRequests;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.Json;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static dev.eventfold.integrations.TestSupport.eventually;
import static dev.eventfold.integrations.TestSupport.messages;
import static dev.eventfold.integrations.TestSupport.newOrg;
import static dev.eventfold.integrations.TestSupport.post;
import static dev.eventfold.integrations.TestSupport.settle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** HubSpot as its API documents it: contacts batch upsert by email, page views as behavioral events, 401 pauses. */
@QuarkusTest
@QuarkusTestResource(value = IntegrationsTestResource.class, restrictToAnnotatedClass = false)
class HubSpotDeliveryTest {

    static final String COMPLETE = "{\"status\":\"COMPLETE\",\"results\":[]}";

    @Test
    void aUserStateIsUpsertedByEmailAndAPageViewSentAsABehavioralEvent() throws Exception {
        TestSupport.Org org = newOrg();
        try (FakeTool hubspot = new FakeTool(COMPLETE)) {
            org.destination("hubspot", hubspot.baseUrl(), "pat-na1-token-1",
                    Map.of("mappings", Map.of("loginCount", "eventfold_logins"),
                            "settings", Map.of("pageViewEventName", "pe123_page_viewed")));

            post(org.user("u1", "ada@example.com", "Ada Lovelace"));
            eventually("the upsert", () -> hubspot.requests().size() == 1);
            FakeTool.Request upsert = hubspot.requests().get(0);
            assertThat(upsert.method()).isEqualTo("POST");
            assertThat(upsert.path()).isEqualTo("/crm/v3/objects/contacts/batch/upsert");
            assertThat(upsert.header("authorization")).isEqualTo("Bearer pat-na1-token-1");
            assertThat(upsert.header("content-type")).isEqualTo("application/json");
            assertThat(Json.MAPPER.readTree(upsert.body())).isEqualTo(Json.MAPPER.readTree("""
                    {"inputs":[{"idProperty":"email","id":"ada@example.com",
                      "properties":{"firstname":"Ada","lastname":"Lovelace","eventfold_logins":2}}]}"""));

            post(org.pageCreated("page-1", "ada@example.com"));
            CloudEvent view = org.pageView("page-1");
            post(view);
            eventually("the page view", () -> hubspot.requests().size() == 2);
            FakeTool.Request event = hubspot.requests().get(1);
            assertThat(event.path()).isEqualTo("/events/v3/send/batch");
            assertThat(Json.MAPPER.readTree(event.body())).isEqualTo(Json.MAPPER.readTree("""
                    {"inputs":[{"eventName":"pe123_page_viewed","email":"ada@example.com",
                      "occurredAt":"2026-03-01T10:15:30Z","uuid":"%s",
                      "properties":{"hs_page_id":"page-1","hs_user_agent":"Mozilla/5.0","hs_country":"France","hs_city":"Paris"}}]}"""
                    .formatted(view.id())));
        }
    }

    @Test
    void batchesStopAtOneHundredInputs() throws Exception {
        TestSupport.Org org = newOrg();
        try (FakeTool hubspot = new FakeTool(COMPLETE)) {
            String id = org.destination("hubspot", hubspot.baseUrl(), "pat-na1-token-2", Map.of());
            org.api().post("/destinations/" + id + "/pause").then().statusCode(200);
            List<CloudEvent> users = IntStream.range(0, 150)
                    .mapToObj(i -> org.user("u" + i, "u" + i + "@example.com", "User " + i)).toList();
            CloudEventRequests.postAll(users);
            eventually("150 queued", () -> messages(id, "pending") == 150);

            org.api().post("/destinations/" + id + "/resume").then().statusCode(200);
            eventually("all delivered", () -> messages(id, "succeeded") == 150);

            List<Integer> sizes = new ArrayList<>();
            for (FakeTool.Request request : hubspot.requests()) {
                sizes.add(Json.MAPPER.readTree(request.body()).path("inputs").size());
            }
            assertThat(sizes).containsExactlyInAnyOrder(100, 50);
        }
    }

    @Test
    void anExpiredTokenPausesTheDestinationUntilANewOneIsSet() {
        TestSupport.Org org = newOrg();
        try (FakeTool hubspot = new FakeTool(COMPLETE)) {
            hubspot.then(FakeTool.Reply.of(401, "{\"status\":\"error\",\"category\":\"EXPIRED_AUTHENTICATION\","
                    + "\"message\":\"The OAuth token used to make this call expired\"}"));
            String id = org.destination("hubspot", hubspot.baseUrl(), "pat-na1-expired", Map.of());

            post(org.user("u1", "ada@example.com", "Ada"));
            eventually("paused", () -> "paused".equals(org.api().get("/destinations/" + id).path("status")));
            org.api().get("/destinations/" + id).then()
                    .body("statusReason", containsString("credentials refused (HTTP 401)"))
                    .body("statusReason", containsString("EXPIRED_AUTHENTICATION"));
            post(org.user("u2", "bob@example.com", "Bob"));
            settle();
            assertThat(hubspot.requests()).hasSize(1);
            assertThat(messages(id, "pending")).isEqualTo(2);

            org.api().body(Map.of("credential", "pat-na1-renewed")).patch("/destinations/" + id).then()
                    .statusCode(200).body("status", equalTo("active"));
            eventually("both delivered", () -> messages(id, "succeeded") == 2);
            assertThat(hubspot.requests().subList(1, hubspot.requests().size()))
                    .allSatisfy(r -> assertThat(r.header("authorization")).isEqualTo("Bearer pat-na1-renewed"));
        }
    }
}
