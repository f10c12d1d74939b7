package dev.eventfold.campaignaggregator.function;

import dev.eventfold.localstack.EventfoldTestResource;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.model.payload.ApiKeyIssued;
import dev.eventfold.runtime.tenancy.ApiKeys;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.time.Instant;
import java.util.UUID;

/** The HTTP side of the tests: binary-mode CloudEvents as a KafkaSource posts them, and read-API requests. */
final class HttpEvents {

    private HttpEvents() {
    }

    /** POSTs the event in binary mode (ce-* headers, JSON data as the body). */
    static Response post(CloudEvent event) {
        RequestSpecification request = RestAssured.given()
                .header("ce-specversion", CloudEvent.SPEC_VERSION)
                .header("ce-id", event.id())
                .header("ce-source", event.source())
                .header("ce-type", event.type())
                .header("ce-subject", event.subject())
                .header("ce-time", event.time().toString())
                .contentType(CloudEvent.JSON)
                .body(event.data().toString());
        if (event.orgId() != null) {
            request = request.header("ce-orgid", event.orgId());
        }
        return request.post("/");
    }

    static void postAll(Iterable<CloudEvent> events) {
        for (CloudEvent event : events) {
            post(event).then().statusCode(204);
        }
    }

    /** Gives the organization an API key the way ingest does (an API_KEY_ISSUED event) and returns the key. */
    static String issueKey(String org) {
        String key = "key-" + UUID.randomUUID();
        CloudEvent issued = CloudEvent.of(UUID.randomUUID().toString(), "/test", EventType.API_KEY_ISSUED, "key-" + org,
                Instant.now(), org, null, new ApiKeyIssued(ApiKeys.hash(EventfoldTestResource.PEPPER, key), "test"));
        post(issued).then().statusCode(204);
        return key;
    }

    static RequestSpecification api(String key) {
        return RestAssured.given().header(ApiKeys.HEADER, key);
    }
}
