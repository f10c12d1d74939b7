package dev.eventfold.runtime;

import dev.eventfold.localstack.EventfoldTestResource;
import dev.eventfold.runtime.http.Problem;
import dev.eventfold.runtime.tenancy.ApiKeys;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static dev.eventfold.runtime.TestSupport.*;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/** Read-API tenancy (keys folded from API_KEY_ISSUED events) and problem responses. */
@QuarkusTest
@QuarkusTestResource(value = EventfoldTestResource.class, restrictToAnnotatedClass = false)
class ReadApiTest {

    @Test
    void aKeyIssuedByAnEventAuthenticatesItsOrganizationInEitherHeader() {
        String org = "org-" + UUID.randomUUID();
        String key = "key-" + UUID.randomUUID();
        post(apiKeyIssued(org, key)).then().statusCode(204);

        RestAssured.given().header("X-Api-Key", key).get("/whoami").then().statusCode(200).body(is(org));
        RestAssured.given().header("Authorization", "Bearer " + key).get("/whoami").then().statusCode(200).body(is(org));
    }

    @Test
    void aRevokedKeyIs401FromThenOnAndAnIssuedEventAfterwardsDoesNotBringItBack() {
        String org = "org-" + UUID.randomUUID();
        String key = "key-" + UUID.randomUUID();
        var issued = apiKeyIssued(org, key);
        post(issued).then().statusCode(204);
        RestAssured.given().header("X-Api-Key", key).get("/whoami").then().statusCode(200).body(is(org));

        post(apiKeyRevoked(org, key)).then().statusCode(204);

        RestAssured.given().header("X-Api-Key", key).get("/whoami").then().statusCode(401)
                .contentType(Problem.MEDIA_TYPE);
        post(apiKeyIssued(org, key)).then().statusCode(204);
        RestAssured.given().header("X-Api-Key", key).get("/whoami").then().statusCode(401);
    }

    @Test
    void aRevocationFromAnotherOrganizationLeavesTheKeyAlone() {
        String org = "org-" + UUID.randomUUID();
        String key = "key-" + UUID.randomUUID();
        post(apiKeyIssued(org, key)).then().statusCode(204);

        post(apiKeyRevoked("org-other-" + UUID.randomUUID(), key)).then().statusCode(204);

        RestAssured.given().header("X-Api-Key", key).get("/whoami").then().statusCode(200).body(is(org));
    }

    @Test
    void aMissingKeyIs401WithAProblem() {
        RestAssured.get("/whoami").then().statusCode(401)
                .contentType(Problem.MEDIA_TYPE)
                .body("status", is(401))
                .body("title", is("Unauthorized"));
    }

    @Test
    void anUnknownKeyIs401() {
        RestAssured.given().header("X-Api-Key", "never-issued-" + UUID.randomUUID()).get("/whoami")
                .then().statusCode(401).contentType(Problem.MEDIA_TYPE);
    }

    @Test
    void aKeyHashedWithAnotherPepperIsUnknown() {
        String org = "org-" + UUID.randomUUID();
        String key = "key-" + UUID.randomUUID();
        execute("INSERT INTO runtime_test.api_keys (key_hash, org_id, label, created_at) VALUES ('"
                + ApiKeys.hash("another-pepper", key) + "', '" + org + "', 'wrong', now())");

        RestAssured.given().header("X-Api-Key", key).get("/whoami").then().statusCode(401);
    }

    @Test
    void aValidationExceptionFromAResourceIsAProblemListingTheField() {
        RestAssured.get("/whoami/invalid").then().statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("errors.field", hasItem("query.page"))
                .body("errors.message", hasItem("must be a positive number"));
    }
}
