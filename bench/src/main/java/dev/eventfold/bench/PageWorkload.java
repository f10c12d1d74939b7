package dev.eventfold.bench;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.model.payload.CampaignCreated;
import dev.eventfold.model.payload.PageCreated;
import dev.eventfold.model.payload.PageSent;
import dev.eventfold.model.payload.PageViewEnriched;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * The named campaign workload for campaign-aggregator: C campaigns, P personalized pages created into them and
 * sent (events topic), and V enriched page views on the visits.enriched topic, as geo-enricher would emit them.
 */
public record PageWorkload(String name, int campaigns, int pages, int views, long seed) {

    static final String[][] CITIES = {{"DE", "Germany", "Berlin"}, {"FR", "France", "Paris"},
            {"US", "United States", "Austin"}, {"GB", "United Kingdom", "London"}, {"BR", "Brazil", "São Paulo"}};

    public static PageWorkload of(int pages, int views) {
        return new PageWorkload("pages-" + UserWorkload.compact(pages) + "-views-" + UserWorkload.compact(views),
                5, pages, views, 7L);
    }

    /** Events for the events topic and for visits.enriched, and the totals campaign-aggregator must reach. */
    public record Generated(String orgId, List<CloudEvent> events, List<CloudEvent> enrichedViews,
                            Map<String, Expected> expected) {
        public int total() {
            return events.size() + enrichedViews.size();
        }
    }

    /** The totals a campaign must show once everything is folded. */
    public record Expected(long pages, long pagesSent, long views, long pagesViewed) {
    }

    public Generated generate() {
        Random random = new Random(seed);
        String org = new UUID(seed, 1).toString();
        Instant t = Instant.parse("2026-11-02T09:00:00Z");
        List<CloudEvent> events = new ArrayList<>();
        String[] campaignIds = new String[campaigns];
        for (int c = 0; c < campaigns; c++) {
            campaignIds[c] = new UUID(seed, 100 + c).toString();
            events.add(event(random, EventType.CAMPAIGN_CREATED, campaignIds[c], org, t,
                    new CampaignCreated("Campaign " + c, "bench campaign")));
        }
        String[] pageIds = new String[pages];
        int[] campaignOf = new int[pages];
        for (int p = 0; p < pages; p++) {
            pageIds[p] = new UUID(seed, 1_000_000 + p).toString();
            campaignOf[p] = p % campaigns;
            t = t.plusMillis(5);
            events.add(event(random, EventType.PAGE_CREATED, pageIds[p], org, t, new PageCreated(
                    "Recipient " + p, "recipient" + p + "@example.test", "Company " + (p % 997), campaignIds[campaignOf[p]])));
        }
        for (int p = 0; p < pages; p++) {
            t = t.plusMillis(5);
            events.add(event(random, EventType.PAGE_SENT, pageIds[p], org, t, new PageSent("recipient" + p + "@example.test")));
        }
        List<CloudEvent> views = new ArrayList<>();
        long[] viewCount = new long[campaigns];
        List<Set<String>> viewed = new ArrayList<>();
        for (int c = 0; c < campaigns; c++) {
            viewed.add(new HashSet<>());
        }
        for (int v = 0; v < this.views; v++) {
            // a third of the pages get most of the views, like a real campaign
            int p = random.nextInt(3) == 0 ? random.nextInt(pages) : random.nextInt(Math.max(1, pages / 3));
            t = t.plusMillis(2);
            String[] city = CITIES[random.nextInt(CITIES.length)];
            String ip = "81." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
            PageViewEnriched view = new PageViewEnriched(pageIds[p], ip, UserWorkload.AGENTS[random.nextInt(UserWorkload.AGENTS.length)],
                    null, "visitor-" + random.nextInt(this.views / 2 + 1), t.toString(), "known", null,
                    city[0], city[1], null, city[2], null, 52.5, 13.4, "Europe/Berlin", 3320L, "Bench Telecom",
                    false, false, false, false);
            views.add(event(random, EventType.PAGE_VIEW_ENRICHED, pageIds[p], org, t, view));
            viewCount[campaignOf[p]]++;
            viewed.get(campaignOf[p]).add(pageIds[p]);
        }
        Map<String, Expected> expected = new HashMap<>();
        for (int c = 0; c < campaigns; c++) {
            long inCampaign = (pages - c + campaigns - 1) / campaigns;
            expected.put(campaignIds[c], new Expected(inCampaign, inCampaign, viewCount[c], viewed.get(c).size()));
        }
        return new Generated(org, events, views, expected);
    }

    private static CloudEvent event(Random random, EventType type, String subject, String org, Instant time, Record payload) {
        return CloudEvent.of(new UUID(random.nextLong(), random.nextLong()).toString(), "/bench/campaigns", type,
                subject, time, org, null, payload);
    }

    public String describe() {
        return String.format(java.util.Locale.ROOT, "%s (%d campaigns, %,d pages created and sent, %,d enriched views: "
                + "%,d events in all)", name, campaigns, pages, views, campaigns + 2 * pages + views);
    }
}
