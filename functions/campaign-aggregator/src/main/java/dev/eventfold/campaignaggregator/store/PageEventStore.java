package dev.eventfold.campaignaggregator.store;

import dev.eventfold.campaignaggregator.domain.ProjectionChange;
import dev.eventfold.campaignaggregator.domain.ProjectionChange.PageClicked;
import dev.eventfold.campaignaggregator.domain.ProjectionChange.PageCreated;
import dev.eventfold.campaignaggregator.domain.ProjectionChange.PageSent;
import dev.eventfold.campaignaggregator.domain.ProjectionChange.PageViewCounted;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes page events (created, sent, clicked, viewed) into the projection, set-based, in two statements per run of
 * a batch (consecutive views; consecutive created / sent / clicked changes):
 * the first upserts the page's own row (taking its row lock), the second adds to the campaigns the page is a
 * member of. The split matters: a membership change locks the same page row first, so whichever commits
 * first, the other's second statement sees it and nothing is counted twice or lost.
 */
@ApplicationScoped
public class PageEventStore {

    /**
     * The page side of a run of created / sent / clicked changes, set-based: arrays of org, page, created, first
     * send time of the run (null when not sent in it) and clicks (one element per page, locked in key order).
     * Returns the pages that had no send before this run (so their first send counts for their campaigns).
     */
    private static final String PAGES_CHANGED = """
            WITH e AS (
                SELECT * FROM unnest($1::text[], $2::text[], $3::boolean[], $4::timestamptz[], $5::bigint[])
                    AS e(org_id, page_id, created, sent_at, clicks)),
            prior AS (
                SELECT p.org_id, p.page_id FROM campaign_aggregator.pages p
                JOIN e ON p.org_id = e.org_id AND p.page_id = e.page_id WHERE p.sent_at IS NOT NULL)
            INSERT INTO campaign_aggregator.pages AS p (org_id, page_id, created, sent_at, clicks)
            SELECT org_id, page_id, created, sent_at, clicks FROM e ORDER BY org_id, page_id
            ON CONFLICT (org_id, page_id) DO UPDATE SET created = p.created OR excluded.created,
                sent_at = least(p.sent_at, excluded.sent_at), clicks = p.clicks + excluded.clicks
            RETURNING p.org_id, p.page_id, NOT EXISTS (SELECT 1 FROM prior
                WHERE prior.org_id = p.org_id AND prior.page_id = p.page_id) AS unsent_before""";

    /**
     * The campaign side of such a run, for the campaigns the pages are members of now: arrays of org, page, first
     * sends (0 or 1) and clicks. The version grows by one per first send and per click, as one event at a time.
     */
    private static final String CAMPAIGNS_CHANGED = """
            WITH e AS (
                SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[])
                    AS e(org_id, page_id, sent, clicks)),
            per_campaign AS (
                SELECT m.org_id, m.campaign_id, sum(e.sent) AS sent, sum(e.clicks) AS clicks
                FROM e JOIN campaign_aggregator.page_campaigns m ON m.org_id = e.org_id AND m.page_id = e.page_id
                WHERE m.member GROUP BY 1, 2)
            UPDATE campaign_aggregator.campaigns c SET pages_sent = c.pages_sent + pc.sent,
                clicks = c.clicks + pc.clicks, version = c.version + pc.sent + pc.clicks
            FROM per_campaign pc WHERE c.org_id = pc.org_id AND c.campaign_id = pc.campaign_id""";

    /**
     * The page side of a run of views, set-based: arrays of org, page, visitor key, viewed at, hour, country code,
     * country, city, traceparent (one element per view, in order; the page keeps the latest trace). Returns each
     * page's views after the run and its visitors new to it.
     */
    private static final String PAGES_VIEWED = """
            WITH v AS (
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[],
                                     $6::text[], $7::text[], $8::text[], $9::text[]) WITH ORDINALITY
                    AS v(org_id, page_id, visitor_key, viewed_at, hour, country_code, country, city, traceparent, n)),
            new_visitor AS (
                INSERT INTO campaign_aggregator.page_visitors (org_id, page_id, visitor_key)
                SELECT DISTINCT org_id, page_id, visitor_key FROM v
                ON CONFLICT DO NOTHING RETURNING org_id, page_id, visitor_key),
            page_hour AS (
                INSERT INTO campaign_aggregator.page_hourly AS h (org_id, page_id, hour, views)
                SELECT org_id, page_id, hour, count(*) FROM v GROUP BY org_id, page_id, hour
                ON CONFLICT (org_id, page_id, hour) DO UPDATE SET views = h.views + excluded.views),
            page_place AS (
                INSERT INTO campaign_aggregator.page_geo AS g (org_id, page_id, country_code, city, country, views)
                SELECT org_id, page_id, country_code, city, max(country), count(*) FROM v
                GROUP BY org_id, page_id, country_code, city
                ON CONFLICT (org_id, page_id, country_code, city)
                    DO UPDATE SET views = g.views + excluded.views, country = excluded.country),
            per_page AS (
                SELECT org_id, page_id, count(*) AS n, min(viewed_at) AS first_at, max(viewed_at) AS last_at,
                    (array_agg(traceparent ORDER BY n DESC) FILTER (WHERE traceparent IS NOT NULL))[1] AS traceparent
                FROM v GROUP BY org_id, page_id),
            uniques AS (
                SELECT org_id, page_id, count(*) AS n FROM new_visitor GROUP BY org_id, page_id)
            INSERT INTO campaign_aggregator.pages AS p
                (org_id, page_id, views, unique_visitors, first_view_at, last_view_at, last_traceparent)
            SELECT pp.org_id, pp.page_id, pp.n, coalesce(u.n, 0), pp.first_at, pp.last_at, pp.traceparent
            FROM per_page pp LEFT JOIN uniques u ON u.org_id = pp.org_id AND u.page_id = pp.page_id
            ORDER BY pp.org_id, pp.page_id
            ON CONFLICT (org_id, page_id) DO UPDATE SET views = p.views + excluded.views,
                unique_visitors = p.unique_visitors + excluded.unique_visitors,
                first_view_at = least(p.first_view_at, excluded.first_view_at),
                last_view_at = greatest(p.last_view_at, excluded.last_view_at),
                last_traceparent = coalesce(excluded.last_traceparent, p.last_traceparent)
            RETURNING p.org_id, p.page_id, p.views,
                (SELECT array_agg(nv.visitor_key) FROM new_visitor nv
                 WHERE nv.org_id = p.org_id AND nv.page_id = p.page_id) AS new_visitors""";

    /**
     * The campaign side of a run of views, for the campaigns the pages are members of now: arrays of the views
     * (org, page, hour, country code, country, city), of the visitors new to their page (org, page, key) and of
     * the pages viewed for the first time (org, page). A visitor counts for a campaign when no member page had it.
     */
    private static final String CAMPAIGNS_VIEWED = """
            WITH v AS (
                SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[],
                                     $12::text[]) WITH ORDINALITY
                    AS v(org_id, page_id, hour, country_code, country, city, traceparent, n)),
            nv AS (SELECT * FROM unnest($7::text[], $8::text[], $9::text[]) AS nv(org_id, page_id, visitor_key)),
            fv AS (SELECT * FROM unnest($10::text[], $11::text[]) AS fv(org_id, page_id)),
            member AS (
                SELECT m.org_id, m.page_id, m.campaign_id FROM campaign_aggregator.page_campaigns m
                JOIN (SELECT DISTINCT org_id, page_id FROM v) vp ON m.org_id = vp.org_id AND m.page_id = vp.page_id
                WHERE m.member),
            visitor_in AS (
                SELECT m.org_id, m.campaign_id, nv.visitor_key, count(*) AS k
                FROM nv JOIN member m ON m.org_id = nv.org_id AND m.page_id = nv.page_id GROUP BY 1, 2, 3),
            campaign_visitor AS (
                INSERT INTO campaign_aggregator.campaign_visitors AS cv (org_id, campaign_id, visitor_key, pages)
                SELECT org_id, campaign_id, visitor_key, k FROM visitor_in ORDER BY 1, 2, 3
                ON CONFLICT (org_id, campaign_id, visitor_key) DO UPDATE SET pages = cv.pages + excluded.pages
                RETURNING cv.org_id, cv.campaign_id, cv.visitor_key, cv.pages),
            counted AS (
                SELECT r.org_id, r.campaign_id, count(*) AS n FROM campaign_visitor r
                JOIN visitor_in i ON i.org_id = r.org_id AND i.campaign_id = r.campaign_id AND i.visitor_key = r.visitor_key
                WHERE r.pages = i.k GROUP BY 1, 2),
            campaign_hour AS (
                INSERT INTO campaign_aggregator.campaign_hourly AS h (org_id, campaign_id, hour, views)
                SELECT m.org_id, m.campaign_id, v.hour, count(*)
                FROM v JOIN member m ON m.org_id = v.org_id AND m.page_id = v.page_id GROUP BY 1, 2, 3
                ON CONFLICT (org_id, campaign_id, hour) DO UPDATE SET views = h.views + excluded.views),
            campaign_place AS (
                INSERT INTO campaign_aggregator.campaign_geo AS g (org_id, campaign_id, country_code, city, country, views)
                SELECT m.org_id, m.campaign_id, v.country_code, v.city, max(v.country), count(*)
                FROM v JOIN member m ON m.org_id = v.org_id AND m.page_id = v.page_id GROUP BY 1, 2, 3, 4
                ON CONFLICT (org_id, campaign_id, country_code, city)
                    DO UPDATE SET views = g.views + excluded.views, country = excluded.country),
            per_campaign AS (
                SELECT m.org_id, m.campaign_id, count(*) AS views,
                    (array_agg(v.traceparent ORDER BY v.n DESC) FILTER (WHERE v.traceparent IS NOT NULL))[1] AS traceparent
                FROM v JOIN member m ON m.org_id = v.org_id AND m.page_id = v.page_id GROUP BY 1, 2),
            first_viewed AS (
                SELECT m.org_id, m.campaign_id, count(*) AS n
                FROM fv JOIN member m ON m.org_id = fv.org_id AND m.page_id = fv.page_id GROUP BY 1, 2)
            UPDATE campaign_aggregator.campaigns c SET views = c.views + pc.views,
                unique_visitors = c.unique_visitors + coalesce((SELECT n FROM counted
                    WHERE counted.org_id = c.org_id AND counted.campaign_id = c.campaign_id), 0),
                pages_viewed = c.pages_viewed + coalesce((SELECT n FROM first_viewed f
                    WHERE f.org_id = c.org_id AND f.campaign_id = c.campaign_id), 0),
                version = c.version + 1, last_traceparent = coalesce(pc.traceparent, c.last_traceparent)
            FROM per_campaign pc WHERE c.org_id = pc.org_id AND c.campaign_id = pc.campaign_id""";

    /**
     * A run of created / sent / clicked changes (no membership change among them) in two statements, however many
     * changes it holds: folded per page first (a page sent twice in the run keeps its earliest send and counts
     * once), with the same result as applying them one at a time.
     */
    public Uni<Void> changed(List<ProjectionChange> run, String schema, SqlConnection tx) {
        Map<List<String>, PageDelta> perPage = new LinkedHashMap<>();
        for (ProjectionChange change : run) {
            String page = change instanceof PageCreated c ? c.pageId()
                    : change instanceof PageSent s ? s.pageId()
                    : change instanceof PageClicked k ? k.pageId()
                    : null;
            if (page == null) {
                throw new IllegalArgumentException("not a created, sent or clicked change: " + change);
            }
            PageDelta delta = perPage.computeIfAbsent(List.of(change.orgId(), page), k -> new PageDelta());
            if (change instanceof PageCreated) {
                delta.created = true;
            } else if (change instanceof PageSent sent) {
                delta.sentAt = delta.sentAt == null || sent.at().isBefore(delta.sentAt) ? sent.at() : delta.sentAt;
            } else {
                delta.clicks++;
            }
        }
        int n = perPage.size();
        String[] orgs = new String[n];
        String[] pages = new String[n];
        Boolean[] created = new Boolean[n];
        OffsetDateTime[] sentAt = new OffsetDateTime[n];
        Long[] clicks = new Long[n];
        int i = 0;
        for (Map.Entry<List<String>, PageDelta> page : perPage.entrySet()) {
            orgs[i] = page.getKey().get(0);
            pages[i] = page.getKey().get(1);
            created[i] = page.getValue().created;
            sentAt[i] = page.getValue().sentAt == null ? null : utc(page.getValue().sentAt);
            clicks[i] = page.getValue().clicks;
            i++;
        }
        Tuple pageSide = Tuple.from(new Object[] {orgs, pages, created, sentAt, clicks});
        return tx.preparedQuery(SchemaSql.of(PAGES_CHANGED, schema)).execute(pageSide).chain(rows -> {
            List<String> cOrgs = new ArrayList<>();
            List<String> cPages = new ArrayList<>();
            List<Long> cSent = new ArrayList<>();
            List<Long> cClicks = new ArrayList<>();
            for (Row row : rows) {
                PageDelta delta = perPage.get(List.of(row.getString("org_id"), row.getString("page_id")));
                long firstSend = delta.sentAt != null && row.getBoolean("unsent_before") ? 1 : 0;
                if (firstSend + delta.clicks > 0) {
                    cOrgs.add(row.getString("org_id"));
                    cPages.add(row.getString("page_id"));
                    cSent.add(firstSend);
                    cClicks.add(delta.clicks);
                }
            }
            if (cOrgs.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            Tuple campaignSide = Tuple.from(new Object[] {cOrgs.toArray(String[]::new), cPages.toArray(String[]::new),
                    cSent.toArray(Long[]::new), cClicks.toArray(Long[]::new)});
            return tx.preparedQuery(SchemaSql.of(CAMPAIGNS_CHANGED, schema)).execute(campaignSide).replaceWithVoid();
        });
    }

    /** What a run does to one page: created, its earliest send in the run, its clicks. */
    private static final class PageDelta {
        boolean created;
        Instant sentAt;
        long clicks;
    }

    /** A run of views (no membership change among them) in two statements, however many views it holds. */
    public Uni<Void> viewed(List<PageViewCounted> views, String schema, SqlConnection tx) {
        int n = views.size();
        String[] orgs = new String[n];
        String[] pages = new String[n];
        String[] keys = new String[n];
        OffsetDateTime[] times = new OffsetDateTime[n];
        OffsetDateTime[] hours = new OffsetDateTime[n];
        String[] codes = new String[n];
        String[] countries = new String[n];
        String[] cities = new String[n];
        String[] traces = new String[n];
        Map<List<String>, Long> perPage = new HashMap<>();
        for (int i = 0; i < n; i++) {
            PageViewCounted view = views.get(i);
            orgs[i] = view.orgId();
            pages[i] = view.pageId();
            keys[i] = view.visitorKey();
            times[i] = utc(view.viewedAt());
            hours[i] = utc(view.hour());
            codes[i] = view.place().countryCode();
            countries[i] = view.place().country();
            cities[i] = view.place().city();
            traces[i] = view.traceparent();
            perPage.merge(List.of(view.orgId(), view.pageId()), 1L, Long::sum);
        }
        Tuple pageSide = Tuple.from(new Object[] {orgs, pages, keys, times, hours, codes, countries, cities, traces});
        return tx.preparedQuery(SchemaSql.of(PAGES_VIEWED, schema)).execute(pageSide).chain(rows -> {
            List<String> nvOrgs = new ArrayList<>();
            List<String> nvPages = new ArrayList<>();
            List<String> nvKeys = new ArrayList<>();
            List<String> fvOrgs = new ArrayList<>();
            List<String> fvPages = new ArrayList<>();
            for (Row row : rows) {
                String org = row.getString("org_id");
                String page = row.getString("page_id");
                if (row.getLong("views").equals(perPage.get(List.of(org, page)))) {
                    fvOrgs.add(org); // it had no view before this run
                    fvPages.add(page);
                }
                String[] fresh = row.getArrayOfStrings("new_visitors");
                for (String key : fresh == null ? new String[0] : fresh) {
                    nvOrgs.add(org);
                    nvPages.add(page);
                    nvKeys.add(key);
                }
            }
            Tuple campaignSide = Tuple.from(new Object[] {orgs, pages, hours, codes, countries, cities,
                    nvOrgs.toArray(String[]::new), nvPages.toArray(String[]::new), nvKeys.toArray(String[]::new),
                    fvOrgs.toArray(String[]::new), fvPages.toArray(String[]::new), traces});
            return tx.preparedQuery(SchemaSql.of(CAMPAIGNS_VIEWED, schema)).execute(campaignSide);
        }).replaceWithVoid();
    }

    /** Through {@code LocalDateTime}: Java 17's {@code Instant.atOffset} builds a new {@code ZoneRules} per call. */
    static OffsetDateTime utc(Instant instant) {
        return LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC)
                .atOffset(ZoneOffset.UTC);
    }
}
