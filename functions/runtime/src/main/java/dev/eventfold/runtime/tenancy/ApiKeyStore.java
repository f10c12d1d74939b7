package dev.eventfold.runtime.tenancy;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.payload.ApiKeyIssued;
import dev.eventfold.model.payload.ApiKeyRevoked;
import dev.eventfold.runtime.processing.RuntimeConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Optional;

/**
 * The table {@code api_keys}: this function's copy of the key hashes that ingest announced, per organization, and
 * which of them were revoked since.
 */
@ApplicationScoped
public class ApiKeyStore {

    @Inject
    RuntimeConfig config;

    /** Folds {@code API_KEY_ISSUED} events in (one round trip); an already known hash is left as it is. */
    public Uni<Void> addIssued(SqlClient tx, List<CloudEvent> issued) {
        if (issued.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] hashes = new String[issued.size()];
        String[] orgs = new String[issued.size()];
        String[] labels = new String[issued.size()];
        String[] times = new String[issued.size()];
        for (int i = 0; i < issued.size(); i++) {
            CloudEvent event = issued.get(i);
            ApiKeyIssued payload = event.payload(ApiKeyIssued.class);
            hashes[i] = payload.keyHash();
            orgs[i] = event.orgId();
            labels[i] = payload.label();
            times[i] = event.time().toString();
        }
        String sql = "INSERT INTO " + config.table("api_keys") + " (key_hash, org_id, label, created_at) "
                + "SELECT h, o, l, t::timestamptz FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS k(h, o, l, t) "
                + "ON CONFLICT (key_hash) DO NOTHING";
        return tx.preparedQuery(sql).execute(Tuple.of(hashes, orgs, labels, times)).replaceWithVoid();
    }

    /**
     * Folds {@code API_KEY_REVOKED} events in (one round trip): the key is marked revoked, and a key not known yet
     * is recorded as revoked already, so that its issued event arriving later (or replayed) cannot bring it back.
     */
    public Uni<Void> revoke(SqlClient tx, List<CloudEvent> revoked) {
        if (revoked.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] hashes = new String[revoked.size()];
        String[] orgs = new String[revoked.size()];
        String[] times = new String[revoked.size()];
        for (int i = 0; i < revoked.size(); i++) {
            CloudEvent event = revoked.get(i);
            hashes[i] = event.payload(ApiKeyRevoked.class).keyHash();
            orgs[i] = event.orgId();
            times[i] = event.time().toString();
        }
        // a revocation names a key of its own organization only: another tenant's key is left alone
        String table = config.table("api_keys");
        String sql = "INSERT INTO " + table + " AS k (key_hash, org_id, label, created_at, revoked_at) "
                + "SELECT h, o, NULL, t::timestamptz, t::timestamptz FROM unnest($1::text[], $2::text[], $3::text[]) "
                + "AS r(h, o, t) ON CONFLICT (key_hash) DO UPDATE SET revoked_at = coalesce(k.revoked_at, EXCLUDED.revoked_at) "
                + "WHERE k.org_id = EXCLUDED.org_id";
        return tx.preparedQuery(sql).execute(Tuple.of(hashes, orgs, times)).replaceWithVoid();
    }

    /** The organization of a key hash, if this function knows it and it has not been revoked. */
    public Uni<Optional<String>> orgOf(Pool pool, String keyHash) {
        return pool.preparedQuery("SELECT org_id FROM " + config.table("api_keys")
                        + " WHERE key_hash = $1 AND revoked_at IS NULL")
                .execute(Tuple.of(keyHash))
                .map(RowSet::iterator)
                .map(it -> it.hasNext() ? Optional.of(it.next().getString(0)) : Optional.empty());
    }
}
