package dev.eventfold.runtime.processing;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The table {@code processed_events}: recording an event id in the same transaction as its state change is
 * what makes redelivery harmless, whatever the transport promises.
 */
@ApplicationScoped
public class DedupStore {

    @Inject
    RuntimeConfig config;

    /** Records the ids (one round trip) and returns those that were not recorded before. */
    public Uni<Set<String>> recordNew(SqlConnection tx, List<String> eventIds) {
        String sql = "INSERT INTO " + config.table("processed_events") + " (event_id) "
                + "SELECT unnest($1::text[]) ON CONFLICT DO NOTHING RETURNING event_id";
        return tx.preparedQuery(sql)
                .execute(Tuple.of(eventIds.toArray(String[]::new)))
                .map(rows -> {
                    Set<String> fresh = new HashSet<>();
                    for (Row row : rows) {
                        fresh.add(row.getString(0));
                    }
                    return fresh;
                });
    }
}
