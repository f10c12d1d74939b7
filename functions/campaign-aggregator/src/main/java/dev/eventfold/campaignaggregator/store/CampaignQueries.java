package dev.eventfold.campaignaggregator.store;

import dev.eventfold.campaignaggregator.domain.CampaignTotals;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads of the projection for the read API, always within one tenant (every query filters on org_id). */
@ApplicationScoped
public class CampaignQueries {

    public record Campaign(String id, boolean created, String name, String description, CampaignTotals totals) {
    }

    public record Page(String pageId, Instant sentAt, long views, long uniqueVisitors, Instant firstViewAt,
                       Instant lastViewAt, long clicks, long sortKey) {
    }

    public record Bucket(Instant start, long views) {
    }

    public record Place(String countryCode, String country, String city, long views) {
    }

    /** Sort orders of a campaign's pages: a bigint key, descending, ties by page id. */
    public enum PageSort {
        VIEWS("p.views"),
        LAST_VIEW("coalesce((extract(epoch FROM p.last_view_at) * 1000000)::bigint, -1)");

        final String key;

        PageSort(String key) {
            this.key = key;
        }
    }

    private static final String CAMPAIGN = """
            SELECT campaign_id, created, name, description, pages, pages_sent, pages_viewed, views, unique_visitors, clicks
            FROM campaign_aggregator.campaigns WHERE org_id = $1 AND campaign_id = $2""";

    private static final String PAGES = """
            SELECT * FROM (
                SELECT p.page_id, p.sent_at, p.views, p.unique_visitors, p.first_view_at, p.last_view_at, p.clicks,
                       %s AS sort_key
                FROM campaign_aggregator.page_campaigns m
                JOIN campaign_aggregator.pages p ON p.org_id = m.org_id AND p.page_id = m.page_id
                WHERE m.org_id = $1 AND m.campaign_id = $2 AND m.member) t
            WHERE $3::bigint IS NULL OR t.sort_key < $3 OR (t.sort_key = $3 AND t.page_id > $4)
            ORDER BY t.sort_key DESC, t.page_id ASC LIMIT $5""";

    private static final String TIMESERIES = """
            SELECT date_trunc($3, hour, 'UTC') AS start, sum(views)::bigint AS views
            FROM campaign_aggregator.campaign_hourly WHERE org_id = $1 AND campaign_id = $2 AND views > 0
            GROUP BY 1 ORDER BY 1""";

    private static final String COUNTRIES = """
            SELECT country_code, max(country) AS country, NULL AS city, sum(views)::bigint AS views
            FROM campaign_aggregator.campaign_geo WHERE org_id = $1 AND campaign_id = $2 AND views > 0
            GROUP BY country_code ORDER BY views DESC, country_code""";

    private static final String CITIES = """
            SELECT country_code, max(country) AS country, city, sum(views)::bigint AS views
            FROM campaign_aggregator.campaign_geo WHERE org_id = $1 AND campaign_id = $2 AND views > 0
            GROUP BY country_code, city ORDER BY views DESC, country_code, city""";

    @Inject
    Pool pool;

    @Inject
    CampaignVersions versions;

    public Uni<Optional<Campaign>> campaign(String orgId, String campaignId) {
        return versions.active().chain(schema -> pool.preparedQuery(SchemaSql.of(CAMPAIGN, schema))
                .execute(Tuple.of(orgId, campaignId)).map(rows -> {
            if (rows.size() == 0) {
                return Optional.empty();
            }
            Row r = rows.iterator().next();
            return Optional.of(new Campaign(r.getString("campaign_id"), r.getBoolean("created"), r.getString("name"),
                    r.getString("description"), new CampaignTotals(r.getLong("pages"), r.getLong("pages_sent"),
                    r.getLong("pages_viewed"), r.getLong("views"), r.getLong("unique_visitors"), r.getLong("clicks"))));
        }));
    }

    /** One page of a campaign's member pages after the cursor ({@code afterKey}, {@code afterPageId}), if any. */
    public Uni<List<Page>> pages(String orgId, String campaignId, PageSort sort, Long afterKey, String afterPageId,
                                 int limit) {
        Tuple args = Tuple.of(orgId, campaignId, afterKey, afterPageId == null ? "" : afterPageId, limit);
        return versions.active().chain(schema -> pool.preparedQuery(SchemaSql.of(PAGES.formatted(sort.key), schema))
                .execute(args).map(rows -> {
            List<Page> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new Page(r.getString("page_id"), instant(r, "sent_at"), r.getLong("views"),
                        r.getLong("unique_visitors"), instant(r, "first_view_at"), instant(r, "last_view_at"),
                        r.getLong("clicks"), r.getLong("sort_key")));
            }
            return out;
        }));
    }

    /** Views per {@code bucket} ("hour" or "day", UTC) with at least one view, oldest first. */
    public Uni<List<Bucket>> timeseries(String orgId, String campaignId, String bucket) {
        return versions.active().chain(schema -> pool.preparedQuery(SchemaSql.of(TIMESERIES, schema))
                .execute(Tuple.of(orgId, campaignId, bucket)).map(rows -> {
            List<Bucket> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new Bucket(instant(r, "start"), r.getLong("views")));
            }
            return out;
        }));
    }

    /** Views per country, or per country and city, most viewed first; empty codes and cities mean unknown. */
    public Uni<List<Place>> geo(String orgId, String campaignId, boolean byCity) {
        return versions.active().chain(schema -> pool.preparedQuery(SchemaSql.of(byCity ? CITIES : COUNTRIES, schema))
                .execute(Tuple.of(orgId, campaignId)).map(rows -> {
            List<Place> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new Place(r.getString("country_code"), r.getString("country"), r.getString("city"),
                        r.getLong("views")));
            }
            return out;
        }));
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
    }
}
