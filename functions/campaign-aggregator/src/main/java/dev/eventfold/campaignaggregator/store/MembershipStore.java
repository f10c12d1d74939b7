package dev.eventfold.campaignaggregator.store;

import dev.eventfold.campaignaggregator.domain.ProjectionChange.CampaignDescribed;
import dev.eventfold.campaignaggregator.domain.ProjectionChange.MembershipChanged;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import static dev.eventfold.campaignaggregator.store.PageEventStore.utc;

/**
 * Writes campaign descriptions and page memberships. Membership is last-writer-wins by event time (a removal
 * wins a tie); when it really changes, the page's own counts, visitors and breakdowns are folded into the
 * campaign (joined) or out of it (left) with one set-based statement, so campaign totals are always those of
 * the current member pages whatever order the events came in. A page joining brings the trace of its latest view,
 * which the campaign's next stats event continues.
 */
@ApplicationScoped
public class MembershipStore {

    private static final String DESCRIBE = """
            INSERT INTO campaign_aggregator.campaigns AS c (org_id, campaign_id, created, name, name_at, description, description_at)
            VALUES ($1, $2, $3, $4, CASE WHEN $4::text IS NULL THEN NULL ELSE $6::timestamptz END,
                    $5, CASE WHEN $5::text IS NULL THEN NULL ELSE $6::timestamptz END)
            ON CONFLICT (org_id, campaign_id) DO UPDATE SET
                created = c.created OR excluded.created,
                name = CASE WHEN excluded.name IS NOT NULL AND (c.name_at IS NULL OR excluded.name_at > c.name_at)
                            THEN excluded.name ELSE c.name END,
                name_at = CASE WHEN excluded.name IS NOT NULL AND (c.name_at IS NULL OR excluded.name_at > c.name_at)
                            THEN excluded.name_at ELSE c.name_at END,
                description = CASE WHEN excluded.description IS NOT NULL
                                   AND (c.description_at IS NULL OR excluded.description_at > c.description_at)
                            THEN excluded.description ELSE c.description END,
                description_at = CASE WHEN excluded.description IS NOT NULL
                                   AND (c.description_at IS NULL OR excluded.description_at > c.description_at)
                            THEN excluded.description_at ELSE c.description_at END""";

    /** Locks the page row (made if missing) before anything else, then records the membership if newer. */
    private static final String MEMBERSHIP = """
            WITH page AS (
                INSERT INTO campaign_aggregator.pages AS p (org_id, page_id) VALUES ($1, $2)
                ON CONFLICT (org_id, page_id) DO UPDATE SET created = p.created),
            campaign AS (
                INSERT INTO campaign_aggregator.campaigns (org_id, campaign_id) VALUES ($1, $3) ON CONFLICT DO NOTHING),
            prior AS (
                SELECT member FROM campaign_aggregator.page_campaigns WHERE org_id = $1 AND page_id = $2 AND campaign_id = $3),
            changed AS (
                INSERT INTO campaign_aggregator.page_campaigns AS pc (org_id, page_id, campaign_id, member, changed_at)
                VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (org_id, page_id, campaign_id) DO UPDATE
                    SET member = excluded.member, changed_at = excluded.changed_at
                    WHERE excluded.changed_at > pc.changed_at OR (excluded.changed_at = pc.changed_at AND NOT excluded.member)
                RETURNING pc.member)
            SELECT coalesce((SELECT member FROM prior), false) AS was_member,
                   coalesce((SELECT member FROM changed), (SELECT member FROM prior), false) AS is_member""";

    private static final String FOLD_IN = """
            WITH page AS (
                SELECT * FROM campaign_aggregator.pages WHERE org_id = $1 AND page_id = $2),
            visitor AS (
                INSERT INTO campaign_aggregator.campaign_visitors AS cv (org_id, campaign_id, visitor_key, pages)
                SELECT $1, $3, visitor_key, 1 FROM campaign_aggregator.page_visitors WHERE org_id = $1 AND page_id = $2
                ON CONFLICT (org_id, campaign_id, visitor_key) DO UPDATE SET pages = cv.pages + 1
                RETURNING cv.pages = 1 AS counted),
            hour AS (
                INSERT INTO campaign_aggregator.campaign_hourly AS h (org_id, campaign_id, hour, views)
                SELECT $1, $3, hour, views FROM campaign_aggregator.page_hourly WHERE org_id = $1 AND page_id = $2
                ON CONFLICT (org_id, campaign_id, hour) DO UPDATE SET views = h.views + excluded.views),
            place AS (
                INSERT INTO campaign_aggregator.campaign_geo AS g (org_id, campaign_id, country_code, city, country, views)
                SELECT $1, $3, country_code, city, country, views FROM campaign_aggregator.page_geo
                WHERE org_id = $1 AND page_id = $2
                ON CONFLICT (org_id, campaign_id, country_code, city) DO UPDATE SET views = g.views + excluded.views)
            UPDATE campaign_aggregator.campaigns c SET pages = c.pages + 1,
                pages_sent = c.pages_sent + (p.sent_at IS NOT NULL)::int,
                pages_viewed = c.pages_viewed + (p.views > 0)::int,
                views = c.views + p.views, clicks = c.clicks + p.clicks,
                unique_visitors = c.unique_visitors + (SELECT count(*) FROM visitor WHERE counted),
                version = c.version + 1, last_traceparent = coalesce(p.last_traceparent, c.last_traceparent)
            FROM page p WHERE c.org_id = $1 AND c.campaign_id = $3""";

    private static final String FOLD_OUT = """
            WITH page AS (
                SELECT * FROM campaign_aggregator.pages WHERE org_id = $1 AND page_id = $2),
            visitor AS (
                UPDATE campaign_aggregator.campaign_visitors cv SET pages = cv.pages - 1
                FROM campaign_aggregator.page_visitors pv
                WHERE pv.org_id = $1 AND pv.page_id = $2
                  AND cv.org_id = $1 AND cv.campaign_id = $3 AND cv.visitor_key = pv.visitor_key
                RETURNING cv.pages = 0 AS uncounted),
            hour AS (
                UPDATE campaign_aggregator.campaign_hourly h SET views = h.views - ph.views
                FROM campaign_aggregator.page_hourly ph
                WHERE ph.org_id = $1 AND ph.page_id = $2 AND h.org_id = $1 AND h.campaign_id = $3 AND h.hour = ph.hour),
            place AS (
                UPDATE campaign_aggregator.campaign_geo g SET views = g.views - pg.views
                FROM campaign_aggregator.page_geo pg
                WHERE pg.org_id = $1 AND pg.page_id = $2 AND g.org_id = $1 AND g.campaign_id = $3
                  AND g.country_code = pg.country_code AND g.city = pg.city)
            UPDATE campaign_aggregator.campaigns c SET pages = c.pages - 1,
                pages_sent = c.pages_sent - (p.sent_at IS NOT NULL)::int,
                pages_viewed = c.pages_viewed - (p.views > 0)::int,
                views = c.views - p.views, clicks = c.clicks - p.clicks,
                unique_visitors = c.unique_visitors - (SELECT count(*) FROM visitor WHERE uncounted),
                version = c.version + 1
            FROM page p WHERE c.org_id = $1 AND c.campaign_id = $3""";

    public Uni<Void> described(CampaignDescribed change, String schema, SqlConnection tx) {
        return tx.preparedQuery(SchemaSql.of(DESCRIBE, schema)).execute(Tuple.from(new Object[] {change.orgId(),
                change.campaignId(), change.created(), change.name(), change.description(), utc(change.at())}))
                .replaceWithVoid();
    }

    public Uni<Void> membership(MembershipChanged change, String schema, SqlConnection tx) {
        Tuple key = Tuple.of(change.orgId(), change.pageId(), change.campaignId());
        return tx.preparedQuery(SchemaSql.of(MEMBERSHIP, schema))
                .execute(Tuple.of(change.orgId(), change.pageId(), change.campaignId(), change.member(), utc(change.at())))
                .chain(rows -> {
                    Row row = rows.iterator().next();
                    boolean was = row.getBoolean("was_member");
                    boolean is = row.getBoolean("is_member");
                    if (was == is) {
                        return Uni.createFrom().voidItem();
                    }
                    return tx.preparedQuery(SchemaSql.of(is ? FOLD_IN : FOLD_OUT, schema)).execute(key)
                            .replaceWithVoid();
                });
    }
}
