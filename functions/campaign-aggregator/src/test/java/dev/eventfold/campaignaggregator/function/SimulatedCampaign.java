package dev.eventfold.campaignaggregator.function;

import dev.eventfold.campaignaggregator.domain.Events;
import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.model.payload.PageViewEnriched;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A generated campaign: its events (pages created in or added to the campaign, some removed, sends, clicks) and
 * enriched views from the addresses of the GeoIP test databases, with the totals computed here, independently of
 * the function's code, from what was generated.
 */
final class SimulatedCampaign {

    /**
     * Addresses of the City test databases (MaxMind's, and local-stack's GeoIpFixtures) and what they hold;
     * null code = unknown.
     */
    record Place(String ip, String countryCode, String country, String city) {
    }

    static final List<Place> PLACES = List.of(
            new Place("81.2.69.142", "GB", "United Kingdom", "London"),
            new Place("81.2.69.160", "GB", "United Kingdom", "London"),
            new Place("216.160.83.56", "US", "United States", "Milton"),
            new Place("89.160.20.128", "SE", "Sweden", "Linköping"),
            new Place("175.16.199.0", "CN", "China", "Changchun"),
            new Place("2.125.160.216", "GB", "United Kingdom", "Boxford"),
            new Place("202.196.224.1", "PH", "Philippines", null),
            new Place("67.43.156.1", "BT", "Bhutan", null),
            new Place("2001:480:10::1", "US", "United States", "San Diego"),
            new Place("2001:218::1", "JP", "Japan", null),
            new Place("8.8.8.8", null, null, null),
            new Place("10.0.0.1", null, null, null));

    static final List<String> AGENTS = List.of("Mozilla/5.0 (Macintosh)", "Mozilla/5.0 (iPhone)", "curl/8.5.0");
    static final Instant T0 = Instant.parse("2026-05-04T08:00:00Z");

    final String org;
    final String campaign;
    final List<CloudEvent> events = new ArrayList<>();
    final List<PageViewEnriched> memberViews = new ArrayList<>();

    long pages;
    long pagesSent;
    long pagesViewed;
    long views;
    long clicks;
    final Set<String> visitors = new HashSet<>();
    long sumOfPageUniques;
    final Map<Instant, Long> perHour = new TreeMap<>();
    final Map<String, Long> perCountry = new TreeMap<>();

    private SimulatedCampaign(String org, String campaign) {
        this.org = org;
        this.campaign = campaign;
    }

    static SimulatedCampaign generate(String org, String campaign, int pageCount, long seed) {
        SimulatedCampaign sim = new SimulatedCampaign(org, campaign);
        Random random = new Random(seed);
        sim.events.add(Events.campaignCreated(org, campaign, "Simulated", T0));
        for (int i = 0; i < pageCount; i++) {
            String page = campaign + "-p" + i;
            boolean addedLater = i % 10 == 0;
            boolean removed = i % 97 == 0;
            boolean sent = i % 5 != 0;
            sim.events.add(Events.pageCreated(org, page, addedLater ? null : campaign, T0.plusMillis(i)));
            if (addedLater) {
                sim.events.add(Events.added(org, page, campaign, T0.plus(1, ChronoUnit.HOURS)));
            }
            if (removed) {
                sim.events.add(Events.removed(org, page, campaign, T0.plus(2, ChronoUnit.HOURS)));
            }
            if (sent) {
                sim.events.add(Events.sent(org, page, T0.plus(30, ChronoUnit.MINUTES)));
                if (i % 50 == 1) {
                    sim.events.add(Events.sent(org, page, T0.plus(40, ChronoUnit.MINUTES))); // sent again
                }
            }
            int viewCount = random.nextDouble() < 0.6 ? 0 : 1 + random.nextInt(4);
            Set<String> pageVisitors = new HashSet<>();
            for (int v = 0; v < viewCount; v++) {
                Place place = PLACES.get(random.nextInt(PLACES.size()));
                String cookie = random.nextBoolean() ? "cookie-" + random.nextInt(4000) : null;
                String agent = AGENTS.get(random.nextInt(AGENTS.size()));
                Instant at = T0.plus(1, ChronoUnit.HOURS).plusSeconds(random.nextInt(48 * 3600));
                PageViewEnriched view = Events.view(page, place.ip(), cookie, at, place.countryCode(), place.country(), place.city());
                view = new PageViewEnriched(view.pageId(), view.ip(), agent, view.referrer(), view.visitorId(), view.viewedAt(),
                        view.geo(), view.unknownReason(), view.countryCode(), view.country(), view.region(), view.city(),
                        view.postalCode(), view.latitude(), view.longitude(), view.timeZone(), view.asn(),
                        view.asnOrganization(), view.anonymousVpn(), view.tor(), view.hosting(), view.proxy());
                sim.events.add(Events.viewed(org, view));
                String visitor = cookie != null ? "cookie " + cookie : "anonymous " + place.ip() + " " + agent;
                pageVisitors.add(visitor);
                if (!removed) {
                    sim.memberViews.add(view);
                    sim.visitors.add(visitor);
                    sim.perHour.merge(at.truncatedTo(ChronoUnit.HOURS), 1L, Long::sum);
                    sim.perCountry.merge(place.countryCode() == null ? "" : place.countryCode(), 1L, Long::sum);
                }
            }
            boolean clicked = viewCount > 0 && random.nextDouble() < 0.3;
            if (clicked) {
                sim.events.add(Events.clicked(org, page, T0.plus(3, ChronoUnit.HOURS)));
            }
            if (!removed) {
                sim.pages++;
                sim.pagesSent += sent ? 1 : 0;
                sim.pagesViewed += viewCount > 0 ? 1 : 0;
                sim.views += viewCount;
                sim.clicks += clicked ? 1 : 0;
                sim.sumOfPageUniques += pageVisitors.size();
            }
        }
        Collections.shuffle(sim.events, random);
        return sim;
    }

    double viewRate() {
        return (double) pagesViewed / pagesSent;
    }

    /** The same views again under new event ids (a producer that retried without idempotency, say). */
    List<CloudEvent> memberViewsWithNewIds(int count) {
        return memberViews.stream().limit(count)
                .map(v -> CloudEvent.of(UUID.randomUUID().toString(), "/test", EventType.PAGE_VIEW_ENRICHED, v.pageId(),
                        Instant.parse(v.viewedAt()), org, null, v))
                .toList();
    }
}
