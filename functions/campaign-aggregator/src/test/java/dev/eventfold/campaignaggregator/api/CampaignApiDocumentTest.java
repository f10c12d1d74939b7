package dev.eventfold.campaignaggregator.api;

import dev.eventfold.localstack.EventfoldTestResource;
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
@QuarkusTestResource(value = EventfoldTestResource.class, restrictToAnnotatedClass = false)
class CampaignApiDocumentTest {

    @Test
    void everyReadOperationIsDocumentedAndNeedsAnApiKey() {
        given().queryParam("format", "json").get("/q/openapi")
                .then()
                .statusCode(200)
                .body("info.title", is("campaign-aggregator"))
                .body("components.securitySchemes.'api-key'.name", is("X-Api-Key"))
                .body("paths", hasKey("/campaigns/{id}"))
                .body("paths", hasKey("/campaigns/{id}/pages"))
                .body("paths", hasKey("/campaigns/{id}/timeseries"))
                .body("paths", hasKey("/campaigns/{id}/geo"))
                .body("paths.'/campaigns/{id}'.get.security.'api-key'", hasItem(List.of()))
                .body("paths.'/campaigns/{id}/pages'.get.security.'api-key'", hasItem(List.of()))
                .body("paths.'/campaigns/{id}/geo'.get.security.'api-key'", hasItem(List.of()));
    }
}
