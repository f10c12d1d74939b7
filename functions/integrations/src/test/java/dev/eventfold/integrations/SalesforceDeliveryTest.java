package dev.eventfold.integrations;

import com.fasterxml.jackson.databind.JsonNode;
import dev.eventfold.localstack.testing.CloudEventRequests;
import dev.eventfold.model.Json;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import static dev.eventfold.integrations.TestSupport.eventually;
import static dev.eventfold.integrations.TestSupport.messages;
import static dev.eventfold.integrations.TestSupport.newOrg;
import static dev.eventfold.integrations.TestSupport.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;

/** Salesforce sObject Collections: per-record results decide per record; only the failed ones are sent again. */
@QuarkusTest
@QuarkusTestResource(value = IntegrationsTestResource.class, restrictToAnnotatedClass = false)
class SalesforceDeliveryTest {

    @Test
    void aPartialFailureRetriesTheTransientRecordOnlyAndAbortsTheInvalidOne() {
        TestSupport.Org org = newOrg();
        try (FakeTool salesforce = new FakeTool("[]")) {
            salesforce.then(FakeTool.Reply.of(200, """
                    [{"id":"003A","success":true,"errors":[],"created":true},
                     {"success":false,"errors":[{"statusCode":"UNABLE_TO_LOCK_ROW","message":"unable to obtain exclusive access to this record","fields":[]}]},
                     {"success":false,"errors":[{"statusCode":"INVALID_EMAIL_ADDRESS","message":"Email: invalid email address: c@example.com","fields":["Email"]}]}]"""));
            salesforce.rule(r -> FakeTool.Reply.of(200, "[{\"id\":\"003B\",\"success\":true,\"errors\":[],\"created\":false}]"));
            String id = org.destination("salesforce", salesforce.baseUrl(), "00Dxx!session", Map.of());
            org.api().post("/destinations/" + id + "/pause").then().statusCode(200);
            CloudEventRequests.postAll(List.of(org.user("u1", "a@example.com", "Ann Able"),
                    org.user("u2", "b@example.com", "Ben Baker"), org.user("u3", "c@example.com", "Cy")));
            eventually("3 queued", () -> messages(id, "pending") == 3);
            org.api().post("/destinations/" + id + "/resume").then().statusCode(200);

            eventually("two delivered, one failed", () -> messages(id, "succeeded") == 2 && messages(id, "failed") == 1);
            List<FakeTool.Request> requests = salesforce.requests();
            assertThat(requests).hasSize(2);
            assertThat(requests).allSatisfy(r -> {
                assertThat(r.method()).isEqualTo("PATCH");
                assertThat(r.path()).isEqualTo("/services/data/v62.0/composite/sobjects/Contact/Eventfold_Email__c");
                assertThat(r.header("authorization")).isEqualTo("Bearer 00Dxx!session");
            });
            assertThat(json(requests.get(0)).path("records")).extracting(n -> n.path("Eventfold_Email__c").asText())
                    .containsExactly("a@example.com", "b@example.com", "c@example.com");
            assertThat(json(requests.get(1))).isEqualTo(json("""
                    {"allOrNone":false,"records":[{"attributes":{"type":"Contact"},"Eventfold_Email__c":"b@example.com",
                      "Email":"b@example.com","FirstName":"Ben","LastName":"Baker"}]}"""));
            assertThat((String) query("SELECT failure FROM integrations.delivery_messages WHERE destination_id = ?::uuid AND status = 'failed'", id))
                    .contains("INVALID_EMAIL_ADDRESS");
            org.api().get("/destinations/" + id + "/messages?status=failed").then().statusCode(200)
                    .body("size()", equalTo(1))
                    .body("[0].failure", containsString("INVALID_EMAIL_ADDRESS"));
            newOrg().api().get("/destinations/" + id + "/messages").then().statusCode(404);
            org.api().get("/destinations/" + id + "/attempts").then().statusCode(200)
                    .body("responseCode", everyItem(equalTo(200)));
        }
    }

    static JsonNode json(FakeTool.Request request) {
        return json(request.body());
    }

    static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
