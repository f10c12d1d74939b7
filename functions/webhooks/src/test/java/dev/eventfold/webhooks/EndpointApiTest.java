package dev.eventfold.webhooks;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.eventfold.webhooks.TestSupport.eventually;
import static dev.eventfold.webhooks.TestSupport.newOrg;
import static dev.eventfold.webhooks.TestSupport.post;
import static dev.eventfold.webhooks.TestSupport.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/** The subscriptions API: endpoints per organization, problem+json refusals, the SSRF guard at both ends, pause. */
@QuarkusTest
@QuarkusTestResource(value = WebhooksTestResource.class, restrictToAnnotatedClass = false)
class EndpointApiTest {

    @Test
    void createListGetUpdateAndDeleteAnEndpoint() {
        TestSupport.Org org = newOrg();
        var endpoint = org.endpoint(Map.of("url", "http://127.0.0.1:9/a", "types", List.of("dev.eventfold.campaign.*"),
                "subjects", List.of("campaign-*"), "description", "stats to the CRM", "rateLimit", 50));
        org.api().get("/endpoints/" + endpoint.id()).then().statusCode(200)
                .body("url", equalTo("http://127.0.0.1:9/a")).body("types", contains("dev.eventfold.campaign.*"))
                .body("subjects", contains("campaign-*")).body("description", equalTo("stats to the CRM"))
                .body("rateLimit", equalTo(50)).body("status", equalTo("active")).body("secret", nullValue());
        org.api().body(Map.of("description", "renamed", "types", List.of())).patch("/endpoints/" + endpoint.id())
                .then().statusCode(200).body("description", equalTo("renamed")).body("types", hasSize(0))
                .body("url", equalTo("http://127.0.0.1:9/a"));
        org.api().get("/endpoints").then().statusCode(200).body("id", contains(endpoint.id()));
        org.api().post("/endpoints/" + endpoint.id() + "/pause").then().statusCode(200).body("status", equalTo("paused"));
        org.api().delete("/endpoints/" + endpoint.id()).then().statusCode(204);
        org.api().get("/endpoints/" + endpoint.id()).then().statusCode(404).contentType("application/problem+json");
        org.api().get("/endpoints").then().body("", hasSize(0));
    }

    @Test
    void oneOrganizationCannotSeeChangeOrReplayAnothersEndpoint() {
        TestSupport.Org mine = newOrg();
        TestSupport.Org theirs = newOrg();
        var endpoint = mine.endpoint("http://127.0.0.1:9/mine");
        String path = "/endpoints/" + endpoint.id();
        theirs.api().get("/endpoints").then().statusCode(200).body("", hasSize(0));
        theirs.api().get(path).then().statusCode(404).contentType("application/problem+json");
        theirs.api().body(Map.of("url", "http://127.0.0.1:9/stolen")).patch(path).then().statusCode(404);
        theirs.api().delete(path).then().statusCode(404);
        theirs.api().post(path + "/secret/rotate").then().statusCode(404);
        theirs.api().post(path + "/pause").then().statusCode(404);
        theirs.api().post(path + "/test").then().statusCode(404).contentType("application/problem+json");
        theirs.api().get(path + "/messages").then().statusCode(404);
        theirs.api().get(path + "/attempts").then().statusCode(404);
        theirs.api().post(path + "/replay?since=2020-01-01T00:00:00Z").then().statusCode(404);
        theirs.api().post(path + "/messages/any/replay").then().statusCode(404);
        mine.api().get(path).then().statusCode(200).body("url", equalTo("http://127.0.0.1:9/mine"));
        RestAssured.given().get("/endpoints").then().statusCode(401).contentType("application/problem+json");
        RestAssured.given().header("X-Api-Key", "unknown").get("/endpoints").then().statusCode(401);
    }

    @Test
    void refusesPrivateMetadataAndNonHttpUrlsAtRegistration() {
        TestSupport.Org org = newOrg();
        for (String url : List.of("http://10.0.0.1/hook", "http://192.168.1.10/hook", "http://169.254.169.254/latest/meta-data",
                "http://[fd00:ec2::254]/", "http://0.0.0.0:8080/", "ftp://127.0.0.1/", "http://no-such-host.invalid/",
                "http://user:pw@127.0.0.1/")) {
            org.api().body(Map.of("url", url)).post("/endpoints").then().statusCode(400)
                    .contentType("application/problem+json").body("status", equalTo(400));
        }
        org.api().body(Map.of("url", "http://127.0.0.1:9/ok", "types", List.of("bad type"))).post("/endpoints")
                .then().statusCode(400).body("detail", containsString("bad type"));
        org.api().body(Map.of()).post("/endpoints").then().statusCode(400).body("detail", containsString("url"));
        var endpoint = org.endpoint("http://127.0.0.1:9/ok");
        org.api().body(Map.of("url", "http://10.1.1.1/")).patch("/endpoints/" + endpoint.id()).then().statusCode(400);
        assertThat(org.api().get("/endpoints").jsonPath().getList("id")).containsExactly(endpoint.id());
    }

    @Test
    void theHostIsCheckedAgainAtConnectTime() {
        TestSupport.Org org = newOrg();
        var endpoint = org.endpoint("http://127.0.0.1:9/hook");
        // as if the name had been re-pointed (DNS rebinding) after registration
        query("UPDATE webhooks.endpoints SET url = 'http://10.0.0.1:9/hook' WHERE id = ?::uuid RETURNING id", endpoint.id());
        post(org.campaignStats("campaign-1", 1)).then().statusCode(204);
        eventually("the attempt was refused", () -> org.api().get("/endpoints/" + endpoint.id() + "/attempts")
                .jsonPath().getList("").size() == 1);
        org.api().get("/endpoints/" + endpoint.id() + "/attempts").then()
                .body("[0].error", containsString("refused")).body("[0].error", containsString("10.0.0.1"))
                .body("[0].responseCode", nullValue());
    }

    @Test
    void aPausedEndpointKeepsItsMessagesUntilResumed() {
        TestSupport.Org org = newOrg();
        try (Receiver receiver = new Receiver()) {
            var endpoint = org.endpoint(receiver.url("/hook"));
            org.api().post("/endpoints/" + endpoint.id() + "/pause").then().statusCode(200);
            post(org.campaignStats("campaign-1", 1)).then().statusCode(204);
            TestSupport.settle();
            assertThat(receiver.posts()).isEmpty();
            org.api().get("/endpoints/" + endpoint.id() + "/messages").then().body("[0].status", equalTo("pending"));
            org.api().post("/endpoints/" + endpoint.id() + "/resume").then().statusCode(200);
            eventually("delivered after resume", () -> receiver.posts().size() == 1);
        }
    }

    @Test
    void aTestEventIsDeliveredSignedToTheEndpointWhateverItsTypeFilter() {
        TestSupport.Org org = newOrg();
        try (Receiver receiver = new Receiver()) {
            var endpoint = org.endpoint(Map.of("url", receiver.url("/hook"), "types", List.of("dev.eventfold.campaign.*")));
            String id = org.api().post("/endpoints/" + endpoint.id() + "/test").then().statusCode(202).extract().path("id");
            eventually("the test delivery", () -> receiver.posts().size() == 1);
            Receiver.Request test = receiver.posts().get(0);
            // the signature; checked at the sent timestamp (the application's clock is moved by other tests, and
            // EndpointApiIT cannot inject it): the timestamp window has its own tests
            java.time.Clock sent = java.time.Clock.fixed(java.time.Instant.ofEpochSecond(
                    Long.parseLong(test.header("webhook-timestamp"))), java.time.ZoneOffset.UTC);
            new dev.eventfold.model.WebhookVerifier(endpoint.secret(), java.time.Duration.ofMinutes(5), sent)
                    .verify(test::header, test.body());
            assertThat(test.header("webhook-id")).isEqualTo(id);
            assertThat(test.header("ce-type")).isEqualTo("dev.eventfold.endpoint.tested");
            assertThat(test.header("ce-subject")).isEqualTo(endpoint.id());
            assertThat(test.bodyText()).contains("\"endpointId\":\"" + endpoint.id() + "\"");
            eventually("listed as succeeded", () -> "succeeded".equals(org.api().get("/endpoints/" + endpoint.id()
                    + "/messages").path("[0].status")));
        }
        try (Receiver gone = new Receiver().then(Receiver.Reply.status(410))) {
            var endpoint = org.endpoint(gone.url("/gone"));
            org.api().post("/endpoints/" + endpoint.id() + "/test").then().statusCode(202);
            eventually("disabled", () -> "disabled".equals(org.api().get("/endpoints/" + endpoint.id()).path("status")));
            org.api().post("/endpoints/" + endpoint.id() + "/test").then().statusCode(409)
                    .contentType("application/problem+json").body("detail", containsString("resume"));
        }
    }

    @Test
    void theOpenApiDocumentListsTheEndpointsApiUnderTheApiKeyScheme() {
        RestAssured.given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("info.title", equalTo("webhooks"))
                .body("components.securitySchemes.'api-key'.type", equalTo("apiKey"))
                .body("components.securitySchemes.'api-key'.in", equalTo("header"))
                .body("components.securitySchemes.'api-key'.name", equalTo("X-Api-Key"))
                .body("paths.'/endpoints'.post.security.'api-key'", org.hamcrest.Matchers.hasItem(List.of()))
                .body("paths.'/endpoints'.get.security.'api-key'", org.hamcrest.Matchers.hasItem(List.of()))
                .body("paths.'/endpoints/{id}'.patch.security.'api-key'", org.hamcrest.Matchers.hasItem(List.of()))
                .body("paths.'/endpoints/{id}'.delete.security.'api-key'", org.hamcrest.Matchers.hasItem(List.of()))
                .body("paths.'/endpoints/{id}/secret/rotate'.post.security.'api-key'", org.hamcrest.Matchers.hasItem(List.of()))
                .body("paths.'/endpoints/{id}/pause'.post.security.'api-key'", org.hamcrest.Matchers.hasItem(List.of()))
                .body("paths.'/endpoints/{id}/resume'.post.security.'api-key'", org.hamcrest.Matchers.hasItem(List.of()))
                .body("paths.'/endpoints/{id}/test'.post.security.'api-key'", org.hamcrest.Matchers.hasItem(List.of()))
                .body("paths.'/endpoints/{id}/messages'.get.security.'api-key'", org.hamcrest.Matchers.hasItem(List.of()))
                .body("paths.'/endpoints/{id}/attempts'.get.security.'api-key'", org.hamcrest.Matchers.hasItem(List.of()))
                .body("paths.'/endpoints/{id}/messages/{messageId}/replay'.post.security.'api-key'", org.hamcrest.Matchers.hasItem(List.of()))
                .body("paths.'/endpoints/{id}/replay'.post.security.'api-key'", org.hamcrest.Matchers.hasItem(List.of()))
                .body("paths.'/sweep'.post.security", nullValue());
    }
}
