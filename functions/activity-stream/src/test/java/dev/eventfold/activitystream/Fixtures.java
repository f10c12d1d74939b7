package dev.eventfold.activitystream;

import dev.eventfold.localstack.EventfoldTestResource;
import dev.eventfold.localstack.TestKafka;
import dev.eventfold.localstack.testing.CloudEventRequests;
import dev.eventfold.localstack.testing.TestSettings;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.model.payload.CampaignStatsUpdated;
import dev.eventfold.model.payload.PageViewEnriched;
import dev.eventfold.runtime.tenancy.ApiKeys;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Derived events as the functions upstream emit them, written to their catalog topics on the real broker. */
public final class Fixtures {

    private Fixtures() {
    }

    public static String newOrg() {
        return "org-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** An API key of the organization, folded by the runtime like ingest's {@code apikey.issued}. */
    public static String keyOf(String org) {
        return CloudEventRequests.issueKey(org, key -> ApiKeys.hash(EventfoldTestResource.PEPPER, key));
    }

    public static CloudEvent view(String org, String pageId, String city) {
        PageViewEnriched data = new PageViewEnriched(pageId, "81.2.69.142", "test", null, "v-" + pageId,
                Instant.now().toString(), "known", null, "GB", "United Kingdom", "England", city, null, 51.5, -0.1,
                "Europe/London", null, null, null, null, null, null);
        return CloudEvent.of(UUID.randomUUID().toString(), "/geo-enricher", EventType.PAGE_VIEW_ENRICHED, pageId,
                Instant.now(), org, null, data);
    }

    public static CloudEvent stats(String org, String campaignId, long views) {
        CampaignStatsUpdated data = new CampaignStatsUpdated(campaignId, 100, 100, Math.min(views, 100),
                Math.min(views, 100) / 100.0, views, views, 0);
        return CloudEvent.of(UUID.randomUUID().toString(), "/campaign-aggregator", EventType.CAMPAIGN_STATS_UPDATED,
                campaignId, Instant.now(), org, null, data);
    }

    public static void produce(List<CloudEvent> events) {
        TestKafka.produceEvents(TestSettings.bootstrapServers(), TestSettings.get("eventfold.topic-prefix"), events);
    }
}
