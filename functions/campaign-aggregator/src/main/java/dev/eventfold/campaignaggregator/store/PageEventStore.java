package dev.eventfold.campaignaggregator.store;

import dev.eventfold.campaignaggregator.domain.ProjectionChange.PageClicked;
import dev.eventfold.campaignaggregator.domain.ProjectionChange.PageCreated;
import dev.eventfold.campaignaggregator.domain.ProjectionChange.PageSent;
import dev.eventfold.campaignaggregator.domain.ProjectionChange.PageViewCounted;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Writes page events (created, sent, clicked, viewed) into the projection, set-based, in two statements each:
 * the first upserts the page's own row (taking its row lock), the second adds to the campaigns the page is a
 * member of. The split matters: a membership change locks the same page row first, so whichever commits
 * first, the other's second statement sees it and nothing is counted twice or lost.
 */
@ApplicationScoped
public class PageEventStore {

    @Inject
    SchemaSql sql;

    private static final String PAGE_CREATED = """
            INSERT INTO campaign_aggregator.pages AS p (org_id, page_id, created) VALUES ($1, $2, true)
            ON CONFLICT (org_id, page_id) DO UPDATE SET created = true""";

    private static final String PAGE_SENT = """
            WITH prior AS (SELECT sent_at FROM campaign_aggregator.pages WHERE org_id = $1 AND page_id = $2)
            INSERT INTO campaign_aggregator.pages AS p (org_id, page_id, sent_at) VALUES ($1, $2, $3)
            ON CONFLICT (org_id, page_id) DO UPDATE SET sent_at = least(p.sent_at, $3)
            RETURNING NOT EXISTS (SELECT 1 FROM prior WHERE sent_at IS NOT NULL) AS first_send""";

    private static final String CAMPAIGNS_SENT = """
            UPDATE campaign_aggregator.campaigns c SET pages_sent = c.pages_sent + 1, version = c.version + 1
            FROM campaign_aggregator.page_campaigns m
            WHERE m.org_id = $1 AND m.page_id = $2 AND m.member AND c.org_id = $1 AND c.campaign_id = m.campaign_id""";

    private static final String PAGE_CLICKED = """
            INSERT INTO campaign_aggregator.pages AS p (org_id, page_id, clicks) VALUES ($1, $2, 1)
            ON CONFLICT (org_id, page_id) DO UPDATE SET clicks = p.clicks + 1""";

    private static final String CAMPAIGNS_CLICKED = """
            UPDATE campaign_aggregator.campaigns c SET clicks = c.clicks + 1, version = c.version + 1
            FROM campaign_aggregator.page_campaigns m
            WHERE m.org_id = $1 AND m.page_id = $2 AND m.member AND c.org_id = $1 AND c.campaign_id = m.campaign_id""";

    /** $1 org, $2 page, $3 visitor key, $4 viewed at, $5 hour, $6 country code, $7 country, $8 city. */
    private static final String PAGE_VIEWED = """
            WITH new_visitor AS (
                INSERT INTO campaign_aggregator.page_visitors (org_id, page_id, visitor_key) VALUES ($1, $2, $3)
                ON CONFLICT DO NOTHING RETURNING visitor_key),
            page_hour AS (
                INSERT INTO campaign_aggregator.page_hourly AS h (org_id, page_id, hour, views) VALUES ($1, $2, $5, 1)
                ON CONFLICT (org_id, page_id, hour) DO UPDATE SET views = h.views + 1),
            page_place AS (
                INSERT INTO campaign_aggregator.page_geo AS g (org_id, page_id, country_code, city, country, views)
                VALUES ($1, $2, $6, $8, $7, 1)
                ON CONFLICT (org_id, page_id, country_code, city) DO UPDATE SET views = g.views + 1, country = excluded.country)
            INSERT INTO campaign_aggregator.pages AS p (org_id, page_id, views, unique_visitors, first_view_at, last_view_at)
            VALUES ($1, $2, 1, (SELECT count(*) FROM new_visitor), $4, $4)
            ON CONFLICT (org_id, page_id) DO UPDATE SET views = p.views + 1,
                unique_visitors = p.unique_visitors + (SELECT count(*) FROM new_visitor),
                first_view_at = least(p.first_view_at, $4), last_view_at = greatest(p.last_view_at, $4)
            RETURNING p.views = 1 AS first_view, EXISTS (SELECT 1 FROM new_visitor) AS new_visitor""";

    /**
     * $1 org, $2 page, $3 visitor key, $4 new visitor of the page, $5 first view of the page, $6 hour, $7 country
     * code, $8 country, $9 city. A visitor new to the page counts for the campaign when no other member page had it.
     */
    private static final String CAMPAIGNS_VIEWED = """
            WITH member AS (
                SELECT campaign_id FROM campaign_aggregator.page_campaigns WHERE org_id = $1 AND page_id = $2 AND member),
            campaign_visitor AS (
                INSERT INTO campaign_aggregator.campaign_visitors AS cv (org_id, campaign_id, visitor_key, pages)
                SELECT $1, campaign_id, $3, 1 FROM member WHERE $4
                ON CONFLICT (org_id, campaign_id, visitor_key) DO UPDATE SET pages = cv.pages + 1
                RETURNING cv.campaign_id, cv.pages = 1 AS counted),
            campaign_hour AS (
                INSERT INTO campaign_aggregator.campaign_hourly AS h (org_id, campaign_id, hour, views)
                SELECT $1, campaign_id, $6, 1 FROM member
                ON CONFLICT (org_id, campaign_id, hour) DO UPDATE SET views = h.views + 1),
            campaign_place AS (
                INSERT INTO campaign_aggregator.campaign_geo AS g (org_id, campaign_id, country_code, city, country, views)
                SELECT $1, campaign_id, $7, $9, $8, 1 FROM member
                ON CONFLICT (org_id, campaign_id, country_code, city) DO UPDATE SET views = g.views + 1, country = excluded.country)
            UPDATE campaign_aggregator.campaigns c SET views = c.views + 1,
                unique_visitors = c.unique_visitors
                    + (SELECT count(*) FROM campaign_visitor cv WHERE cv.campaign_id = c.campaign_id AND cv.counted),
                pages_viewed = c.pages_viewed + CASE WHEN $5 THEN 1 ELSE 0 END,
                version = c.version + 1
            FROM member m WHERE c.org_id = $1 AND c.campaign_id = m.campaign_id""";

    public Uni<Void> created(PageCreated change, SqlConnection tx) {
        return tx.preparedQuery(sql.of(PAGE_CREATED)).execute(Tuple.of(change.orgId(), change.pageId())).replaceWithVoid();
    }

    public Uni<Void> sent(PageSent change, SqlConnection tx) {
        return tx.preparedQuery(sql.of(PAGE_SENT)).execute(Tuple.of(change.orgId(), change.pageId(), utc(change.at())))
                .chain(rows -> rows.iterator().next().getBoolean("first_send")
                        ? tx.preparedQuery(sql.of(CAMPAIGNS_SENT)).execute(Tuple.of(change.orgId(), change.pageId())).replaceWithVoid()
                        : Uni.createFrom().voidItem());
    }

    public Uni<Void> clicked(PageClicked change, SqlConnection tx) {
        Tuple key = Tuple.of(change.orgId(), change.pageId());
        return tx.preparedQuery(sql.of(PAGE_CLICKED)).execute(key)
                .chain(() -> tx.preparedQuery(sql.of(CAMPAIGNS_CLICKED)).execute(key))
                .replaceWithVoid();
    }

    public Uni<Void> viewed(PageViewCounted view, SqlConnection tx) {
        OffsetDateTime hour = utc(view.hour());
        Tuple page = Tuple.from(new Object[] {view.orgId(), view.pageId(), view.visitorKey(), utc(view.viewedAt()),
                hour, view.place().countryCode(), view.place().country(), view.place().city()});
        return tx.preparedQuery(sql.of(PAGE_VIEWED)).execute(page).chain(rows -> {
            Row row = rows.iterator().next();
            Tuple campaigns = Tuple.from(new Object[] {view.orgId(), view.pageId(), view.visitorKey(),
                    row.getBoolean("new_visitor"), row.getBoolean("first_view"), hour,
                    view.place().countryCode(), view.place().country(), view.place().city()});
            return tx.preparedQuery(sql.of(CAMPAIGNS_VIEWED)).execute(campaigns);
        }).replaceWithVoid();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
