package dev.eventfold.integrations;

import dev.eventfold.runtime.tenancy.ApiKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.eventfold.integrations.TestSupport.newOrg;
import static dev.eventfold.integrations.TestSupport.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** The destinations API: credentials sealed and never shown, every field validated, one organization's only. */
@QuarkusTest
@QuarkusTestResource(value = IntegrationsTestResource.class, restrictToAnnotatedClass = false)
class DestinationApiTest {

    @Test
    void theCredentialIsStoredEncryptedAndShownOnlyAsAHint() {
        TestSupport.Org org = newOrg();
        try (FakeTool tool = new FakeTool("{}")) {
            String id = org.destination("hubspot", tool.baseUrl(), "pat-na1-secret-0042",
                    Map.of("name", "Marketing", "mappings", Map.of("loginCount", "eventfold_logins"),
                            "settings", Map.of("pageViewEventName", "pe42_page_viewed"),
                            "filter", Map.of("types", List.of("dev.eventfold.user.state.updated"))));

            org.api().get("/destinations/" + id).then().statusCode(200)
                    .body("tool", equalTo("hubspot"))
                    .body("credentialHint", equalTo("…0042"))
                    .body("credential", nullValue())
                    .body("status", equalTo("active"))
                    .body("mappings.loginCount", equalTo("eventfold_logins"))
                    .body("filter.types", containsInAnyOrder("dev.eventfold.user.state.updated"));
            String stored = (String) query("SELECT credential FROM integrations.destinations WHERE id = ?::uuid", id);
            assertThat(stored).startsWith("v1:").doesNotContain("secret").doesNotContain("0042");
            assertThat(org.api().get("/destinations").asString()).doesNotContain("pat-na1-secret");
        }
    }

    @Test
    void everyProblemIsNamedInAProblemDocument() {
        TestSupport.Org org = newOrg();
        org.api().body(Map.of("tool", "mailchimp", "mappings", Map.of("shoeSize", "x"), "rateLimit", 0,
                        "filter", Map.of("types", List.of("dev.eventfold.page.sent"))))
                .post("/destinations").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("tool", "credential", "mappings.shoeSize", "rateLimit", "filter.types[0]"));
        org.api().body(Map.of("tool", "salesforce", "credential", "00D!tok", "settings", Map.of("object", "Account")))
                .post("/destinations").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("baseUrl", "settings.object"));
        org.api().body(Map.of("tool", "segment", "credential", "wk", "baseUrl", "ftp://example.com"))
                .post("/destinations").then().statusCode(400)
                .body("errors.field", containsInAnyOrder("baseUrl"));
    }

    @Test
    void anotherOrganizationsDestinationIsNotFoundOnEveryPath() {
        TestSupport.Org owner = newOrg();
        TestSupport.Org other = newOrg();
        try (FakeTool tool = new FakeTool("{}")) {
            String id = owner.destination("segment", tool.baseUrl(), "wk_owner", Map.of());

            other.api().get("/destinations/" + id).then().statusCode(404).contentType("application/problem+json");
            other.api().body(Map.of("name", "mine now")).patch("/destinations/" + id).then().statusCode(404);
            other.api().post("/destinations/" + id + "/pause").then().statusCode(404);
            other.api().post("/destinations/" + id + "/replays").then().statusCode(404);
            other.api().delete("/destinations/" + id).then().statusCode(404);
            other.api().get("/destinations").then().statusCode(200).body("id", not(hasItem(id)));
            owner.api().get("/destinations/" + id).then().statusCode(200).body("name", nullValue());
            RestAssured.given().header(ApiKeys.HEADER, "not-a-key").get("/destinations").then().statusCode(401);
        }
    }

    @Test
    void updatePauseResumeAndDelete() {
        TestSupport.Org org = newOrg();
        try (FakeTool tool = new FakeTool("{}")) {
            String id = org.destination("salesforce", tool.baseUrl(), "00Dxx!old-token", Map.of());

            org.api().body(Map.of("name", "CRM", "settings", Map.of("object", "Lead"), "rateLimit", 3))
                    .patch("/destinations/" + id).then().statusCode(200)
                    .body("name", equalTo("CRM")).body("settings.object", equalTo("Lead")).body("rateLimit", equalTo(3))
                    .body("credentialHint", equalTo("…oken"));
            org.api().body(Map.of("tool", "hubspot")).patch("/destinations/" + id).then().statusCode(400)
                    .body("errors.field", containsInAnyOrder("tool"));
            org.api().post("/destinations/" + id + "/pause").then().statusCode(200).body("status", equalTo("paused"));
            org.api().post("/destinations/" + id + "/resume").then().statusCode(200).body("status", equalTo("active"));
            org.api().delete("/destinations/" + id).then().statusCode(204);
            org.api().get("/destinations/" + id).then().statusCode(404);
        }
    }

    @Test
    void theApiIsDescribedInOpenApi() {
        String spec = RestAssured.given().get("/q/openapi?format=json").asString();
        assertThat(spec).contains("/destinations", "/destinations/{id}/replays", "credentialHint");
    }
}
