package dev.eventfold.campaignaggregator.domain;

import dev.eventfold.campaignaggregator.domain.ProjectionChange.CampaignDescribed;
import dev.eventfold.campaignaggregator.domain.ProjectionChange.MembershipChanged;
import dev.eventfold.campaignaggregator.domain.ProjectionChange.PageClicked;
import dev.eventfold.campaignaggregator.domain.ProjectionChange.PageCreated;
import dev.eventfold.campaignaggregator.domain.ProjectionChange.PageSent;
import dev.eventfold.campaignaggregator.domain.ProjectionChange.PageViewCounted;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The projection's semantics in memory, the reference the SQL store follows: a page accumulates its own counts
 * whatever campaign it is in, and a campaign's totals are always those of its current member pages (a removed
 * page takes its views, visitors and clicks with it; a page added late brings them along). Because membership
 * is last-writer-wins by event time (a removal wins a tie) and every count is a sum, the result does not depend on arrival order.
 */
public final class CampaignProjection {

    /** One page's own counts. */
    public static final class Page {
        Instant sentAt;
        long views;
        long clicks;
        Instant firstView;
        Instant lastView;
        final Set<String> visitors = new HashSet<>();
        final Map<Instant, Long> hourly = new TreeMap<>();
        final Map<String, Long> countries = new TreeMap<>();

        public long views() {
            return views;
        }

        public long uniqueVisitors() {
            return visitors.size();
        }

        public long clicks() {
            return clicks;
        }

        public Instant sentAt() {
            return sentAt;
        }

        public Instant firstView() {
            return firstView;
        }

        public Instant lastView() {
            return lastView;
        }
    }

    private record Key(String orgId, String id) {
    }

    private record Membership(boolean member, Instant at) {
    }

    private final Map<Key, Page> pages = new HashMap<>();
    private final Map<Key, Map<String, Membership>> memberships = new HashMap<>();
    private final Map<Key, String> campaignNames = new HashMap<>();
    private final Map<Key, Instant> campaignNamedAt = new HashMap<>();

    public CampaignProjection apply(ProjectionChange change) {
        if (change instanceof CampaignDescribed c) {
            Key key = new Key(c.orgId(), c.campaignId());
            Instant namedAt = campaignNamedAt.get(key);
            if (c.name() != null && (namedAt == null || c.at().isAfter(namedAt))) {
                campaignNames.put(key, c.name());
                campaignNamedAt.put(key, c.at());
            }
        } else if (change instanceof PageCreated p) {
            page(p.orgId(), p.pageId());
        } else if (change instanceof MembershipChanged m) {
            page(m.orgId(), m.pageId());
            Map<String, Membership> of = memberships.computeIfAbsent(new Key(m.orgId(), m.pageId()), k -> new HashMap<>());
            Membership before = of.get(m.campaignId());
            if (before == null || m.at().isAfter(before.at()) || (m.at().equals(before.at()) && !m.member())) {
                of.put(m.campaignId(), new Membership(m.member(), m.at()));
            }
        } else if (change instanceof PageSent s) {
            Page page = page(s.orgId(), s.pageId());
            page.sentAt = page.sentAt == null || s.at().isBefore(page.sentAt) ? s.at() : page.sentAt;
        } else if (change instanceof PageClicked c) {
            page(c.orgId(), c.pageId()).clicks++;
        } else if (change instanceof PageViewCounted v) {
            Page page = page(v.orgId(), v.pageId());
            page.views++;
            page.visitors.add(v.visitorKey());
            page.firstView = page.firstView == null || v.viewedAt().isBefore(page.firstView) ? v.viewedAt() : page.firstView;
            page.lastView = page.lastView == null || v.viewedAt().isAfter(page.lastView) ? v.viewedAt() : page.lastView;
            page.hourly.merge(v.hour(), 1L, Long::sum);
            page.countries.merge(v.place().countryCode(), 1L, Long::sum);
        }
        return this;
    }

    public Page page(String orgId, String pageId) {
        return pages.computeIfAbsent(new Key(orgId, pageId), k -> new Page());
    }

    public String campaignName(String orgId, String campaignId) {
        return campaignNames.get(new Key(orgId, campaignId));
    }

    public boolean isMember(String orgId, String pageId, String campaignId) {
        Membership m = memberships.getOrDefault(new Key(orgId, pageId), Map.of()).get(campaignId);
        return m != null && m.member();
    }

    /** The campaign's totals: sums over its current member pages, visitors as a set union. */
    public CampaignTotals totals(String orgId, String campaignId) {
        long count = 0, sent = 0, viewed = 0, views = 0, clicks = 0;
        Set<String> visitors = new HashSet<>();
        for (Page page : members(orgId, campaignId).values()) {
            count++;
            sent += page.sentAt != null ? 1 : 0;
            viewed += page.views > 0 ? 1 : 0;
            views += page.views;
            clicks += page.clicks;
            visitors.addAll(page.visitors);
        }
        return new CampaignTotals(count, sent, viewed, views, visitors.size(), clicks);
    }

    /** Views per UTC hour over the campaign's member pages. */
    public Map<Instant, Long> viewsPerHour(String orgId, String campaignId) {
        Map<Instant, Long> out = new TreeMap<>();
        members(orgId, campaignId).values().forEach(p -> p.hourly.forEach((h, n) -> out.merge(h, n, Long::sum)));
        return out;
    }

    /** Views per country code ("" for unknown) over the campaign's member pages. */
    public Map<String, Long> viewsPerCountry(String orgId, String campaignId) {
        Map<String, Long> out = new TreeMap<>();
        members(orgId, campaignId).values().forEach(p -> p.countries.forEach((c, n) -> out.merge(c, n, Long::sum)));
        return out;
    }

    private Map<String, Page> members(String orgId, String campaignId) {
        Map<String, Page> out = new HashMap<>();
        memberships.forEach((page, of) -> {
            Membership m = of.get(campaignId);
            if (page.orgId().equals(orgId) && m != null && m.member()) {
                out.put(page.id(), pages.get(page));
            }
        });
        return out;
    }
}
