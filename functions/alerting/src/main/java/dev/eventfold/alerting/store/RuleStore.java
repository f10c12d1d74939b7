package dev.eventfold.alerting.store;

import dev.eventfold.alerting.domain.Direction;
import dev.eventfold.alerting.domain.Rule;
import dev.eventfold.alerting.domain.RuleKind;
import dev.eventfold.runtime.processing.RuntimeConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The event path's read of the rules: an organization's enabled rules of some kinds, on the runtime's transaction
 * (Hibernate Reactive sessions cannot join that connection, so this one query is plain SQL over the same table).
 */
@ApplicationScoped
public class RuleStore {

    @Inject
    RuntimeConfig config;

    public Uni<List<Rule>> enabled(SqlConnection tx, String orgId, List<RuleKind> kinds) {
        String sql = "SELECT id, kind, window_seconds, threshold, direction, multiple, trailing_windows, "
                + "watched_field, watched_value FROM " + config.table("rules")
                + " WHERE org_id = $1 AND enabled AND kind = ANY($2) ORDER BY id";
        return tx.preparedQuery(sql)
                .execute(Tuple.of(orgId, kinds.stream().map(RuleKind::id).toArray(String[]::new)))
                .map(rows -> {
                    List<Rule> rules = new ArrayList<>();
                    for (Row row : rows) {
                        rules.add(toRule(orgId, row));
                    }
                    return rules;
                });
    }

    private static Rule toRule(String orgId, Row row) {
        Long window = row.getLong("window_seconds");
        String direction = row.getString("direction");
        return new Rule(row.getString("id"), orgId, RuleKind.of(row.getString("kind")).orElseThrow(),
                window == null ? null : Duration.ofSeconds(window), row.getDouble("threshold"),
                direction == null ? null : Direction.of(direction).orElseThrow(), row.getDouble("multiple"),
                row.getInteger("trailing_windows"), row.getString("watched_field"), row.getString("watched_value"));
    }
}
