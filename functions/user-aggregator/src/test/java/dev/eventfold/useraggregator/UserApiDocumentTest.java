package dev.eventfold.useraggregator;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.is;

/** The read API is described by its OpenAPI document, every operation under the API-key scheme. */
@QuarkusTest
@QuarkusTestResource(value = UserAggregatorTestResource.class, restrictToAnnotatedClass = false)
class UserApiDocumentTest {

    @Test
    void everyReadOperationIsDocumentedAndNeedsAnApiKey() {
        given().queryParam("format", "json").get("/q/openapi")
                .then()
                .statusCode(200)
                .body("info.title", is("user-aggregator"))
                .body("components.securitySchemes.'api-key'.type", is("apiKey"))
                .body("components.securitySchemes.'api-key'.in", is("header"))
                .body("components.securitySchemes.'api-key'.name", is("X-Api-Key"))
                .body("paths", hasKey("/users"))
                .body("paths", hasKey("/users/{id}"))
                .body("paths", hasKey("/users/{id}/logins"))
                .body("paths", hasKey("/users/{id}/failed-logins"))
                .body("paths.'/users'.get.security.'api-key'", hasItem(List.of()))
                .body("paths.'/users/{id}'.get.security.'api-key'", hasItem(List.of()))
                .body("paths.'/users/{id}/logins'.get.security.'api-key'", hasItem(List.of()));
    }
}
