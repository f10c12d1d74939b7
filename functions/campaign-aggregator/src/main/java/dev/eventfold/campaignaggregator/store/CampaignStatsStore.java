package dev.eventfold.campaignaggregator.store;

import dev.eventfold.campaignaggregator.domain.CampaignTotals;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The dirty campaigns (totals changed since the last stats event) for the stats flusher, and the mark that a
 * version was emitted. Reads take no locks, so the hot path never waits for Kafka.
 */
@ApplicationScoped
public class CampaignStatsStore {

    /**
     * A campaign's totals at one version, the trace of the latest view counted in them (null if none), and the
     * projection's schema version they were read from.
     */
    public record Dirty(String orgId, String campaignId, long version, CampaignTotals totals, String traceparent,
                        String schema) {
    }

    private static final String DIRTY = """
            SELECT org_id, campaign_id, version, pages, pages_sent, pages_viewed, views, unique_visitors, clicks,
                last_traceparent
            FROM campaign_aggregator.campaigns
            WHERE version > emitted_version AND (emitted_at IS NULL OR emitted_at <= now() - make_interval(secs => $1))
            ORDER BY org_id, campaign_id LIMIT $2""";

    private static final String EMITTED = """
            UPDATE campaign_aggregator.campaigns c
            SET emitted_version = greatest(c.emitted_version, e.version), emitted_at = now()
            FROM unnest($1::text[], $2::text[], $3::bigint[]) AS e(org_id, campaign_id, version)
            WHERE c.org_id = e.org_id AND c.campaign_id = e.campaign_id""";

    /** Lifts the versions in {@code to} above those in {@code from} (format: from, to). */
    private static final String CARRY_VERSIONS = """
            UPDATE %2$s.campaigns t SET version = o.version + 1
            FROM %1$s.campaigns o
            WHERE t.org_id = o.org_id AND t.campaign_id = o.campaign_id AND t.version <= o.version""";

    @Inject
    Pool pool;

    @Inject
    CampaignVersions versions;

    /** Up to {@code limit} campaigns changed since their last stats event and not emitted within {@code interval}. */
    public Uni<List<Dirty>> dirty(Duration interval, int limit) {
        double seconds = interval.toMillis() / 1000.0;
        return versions.active().chain(schema -> pool.preparedQuery(SchemaSql.of(DIRTY, schema))
                .execute(Tuple.of(seconds, limit)).map(rows -> {
            List<Dirty> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(new Dirty(r.getString("org_id"), r.getString("campaign_id"), r.getLong("version"),
                        new CampaignTotals(r.getLong("pages"), r.getLong("pages_sent"), r.getLong("pages_viewed"),
                                r.getLong("views"), r.getLong("unique_visitors"), r.getLong("clicks")),
                        r.getString("last_traceparent"), schema));
            }
            return out;
        }));
    }

    public Uni<Void> markEmitted(List<Dirty> emitted) {
        if (emitted.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] orgs = emitted.stream().map(Dirty::orgId).toArray(String[]::new);
        String[] campaigns = emitted.stream().map(Dirty::campaignId).toArray(String[]::new);
        Long[] emittedVersions = emitted.stream().map(Dirty::version).toArray(Long[]::new);
        return pool.preparedQuery(SchemaSql.of(EMITTED, emitted.get(0).schema()))
                .execute(Tuple.of(orgs, campaigns, emittedVersions)).replaceWithVoid();
    }

    /**
     * At a switch from version {@code from} to {@code to} (live writers held): every campaign's version in {@code to}
     * is lifted above its version in {@code from}, so the stats events after the switch carry new ids and a sequence
     * above every one sent before; each such campaign is due, and its totals are sent once.
     */
    public static Uni<Void> carryVersions(SqlConnection tx, String from, String to) {
        return tx.query(CARRY_VERSIONS.formatted(from, to)).execute().replaceWithVoid();
    }
}
