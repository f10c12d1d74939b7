package dev.eventfold.integrations.api;

import java.util.List;
import java.util.Map;

/**
 * The body of create and update: which tool, where (base URL; HubSpot and Segment have defaults, Salesforce's is
 * the org's instance URL), the credential (write only), field mappings (our field → the tool's property, "" to
 * drop), tool settings, an event filter and a rate limit (requests per second). On create, {@code replay: true}
 * also sends the log's past events. On update, absent fields keep their value.
 */
public record DestinationRequest(String tool, String name, String baseUrl, String credential,
                                 Map<String, String> mappings, Map<String, String> settings, Filter filter,
                                 Integer rateLimit, Boolean replay) {

    /** Which of the translated event types the destination receives; none = all. */
    public record Filter(List<String> types) {
    }
}
