package dev.eventfold.campaignaggregator.function;

import dev.eventfold.localstack.EventfoldTestResource;
import dev.eventfold.localstack.testing.CloudEventRequests;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.runtime.tenancy.ApiKeys;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/** The HTTP side of campaign-aggregator's tests, on local-stack's shared {@link CloudEventRequests}. */
final class HttpEvents {

    private HttpEvents() {
    }

    /** POSTs the event in binary mode (ce-* headers, JSON data as the body). */
    static Response post(CloudEvent event) {
        return CloudEventRequests.post(event);
    }

    static void postAll(Iterable<CloudEvent> events) {
        CloudEventRequests.postAll(events);
    }

    /** Gives the organization an API key the way ingest does (an API_KEY_ISSUED event) and returns the key. */
    static String issueKey(String org) {
        return CloudEventRequests.issueKey(org, key -> ApiKeys.hash(EventfoldTestResource.PEPPER, key));
    }

    static RequestSpecification api(String key) {
        return CloudEventRequests.as(key);
    }
}
