package dev.eventfold.alerting.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.eventfold.alerting.domain.KeyState;
import dev.eventfold.alerting.domain.Rule;
import dev.eventfold.model.Json;
import dev.eventfold.runtime.processing.RuntimeConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The table {@code rule_state}: one JSON {@link KeyState} per rule and key, read locked and written back on the
 * runtime's transaction. The empty row is inserted first so that two transactions on one new key queue on its
 * lock instead of both starting from nothing.
 */
@ApplicationScoped
public class KeyStateStore {

    @Inject
    RuntimeConfig config;

    public Uni<KeyState> lock(SqlConnection tx, Rule rule, String key) {
        String insert = "INSERT INTO " + config.table("rule_state") + " (rule_id, key, org_id, state) "
                + "VALUES ($1, $2, $3, '{}'::jsonb) ON CONFLICT DO NOTHING";
        String select = "SELECT state::text FROM " + config.table("rule_state")
                + " WHERE rule_id = $1 AND key = $2 FOR UPDATE";
        return tx.preparedQuery(insert).execute(Tuple.of(rule.id(), key, rule.orgId()))
                .chain(() -> tx.preparedQuery(select).execute(Tuple.of(rule.id(), key)))
                .map(rows -> read(rows.iterator().next().getString(0)));
    }

    public Uni<Void> save(SqlConnection tx, Rule rule, String key, KeyState state) {
        String sql = "UPDATE " + config.table("rule_state")
                + " SET state = $3::text::jsonb, updated_at = now() WHERE rule_id = $1 AND key = $2";
        return tx.preparedQuery(sql).execute(Tuple.of(rule.id(), key, write(state))).replaceWithVoid();
    }

    private static KeyState read(String json) {
        try {
            return Json.MAPPER.readValue(json, KeyState.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable rule state: " + e.getMessage(), e);
        }
    }

    private static String write(KeyState state) {
        try {
            return Json.MAPPER.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
