package dev.eventfold.localstack.testing;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.model.HttpBinding;
import dev.eventfold.model.payload.ApiKeyIssued;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.time.Instant;
import java.util.UUID;

/** HTTP requests of function tests: CloudEvents posted as a KafkaSource posts them, and read-API calls. */
public final class CloudEventRequests {

    /** The header that carries an API key ({@code Authorization: Bearer} works too). */
    public static final String API_KEY_HEADER = "X-Api-Key";

    private CloudEventRequests() {
    }

    /** POSTs the event to {@code /} in binary mode (ce-* headers, the JSON data as the body). */
    public static Response post(CloudEvent event) {
        return post(event, event.data().toString());
    }

    /** POSTs the event's attributes in binary mode with {@code body} as its data (to send malformed data). */
    public static Response post(CloudEvent event, String body) {
        return RestAssured.given().headers(HttpBinding.headers(event)).body(body).post("/");
    }

    /** POSTs each event and expects 204 for every one. */
    public static void postAll(Iterable<CloudEvent> events) {
        for (CloudEvent event : events) {
            post(event).then().statusCode(204);
        }
    }

    /**
     * Gives the organization an API key the way ingest does (an {@code apikey.issued} event carrying the key's
     * hash under {@code pepperedHash}) and returns the key.
     */
    public static String issueKey(String org, java.util.function.Function<String, String> pepperedHash) {
        String key = "key-" + UUID.randomUUID();
        CloudEvent issued = CloudEvent.of(UUID.randomUUID().toString(), "/test", EventType.API_KEY_ISSUED, "key-" + org,
                Instant.now(), org, null, new ApiKeyIssued(pepperedHash.apply(key), "test"));
        post(issued).then().statusCode(204);
        return key;
    }

    /** A read-API request made with the key. */
    public static RequestSpecification as(String apiKey) {
        return RestAssured.given().header(API_KEY_HEADER, apiKey);
    }
}
