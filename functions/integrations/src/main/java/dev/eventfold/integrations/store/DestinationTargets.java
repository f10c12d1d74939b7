package dev.eventfold.integrations.store;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.eventfold.integrations.domain.DestinationSpec;
import dev.eventfold.integrations.domain.EventFilter;
import dev.eventfold.integrations.domain.Tool;
import dev.eventfold.model.Json;
import dev.eventfold.runtime.processing.RuntimeConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The destinations as the hot paths read them, with the reactive client: every not-disabled destination of some
 * organizations (intake fan-out), and one destination's target (the transport, at send time).
 */
@ApplicationScoped
public class DestinationTargets {

    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {
    };

    @Inject
    RuntimeConfig config;

    /** A destination with what translating and sending need (the credential still sealed). */
    public record Target(UUID id, String orgId, Tool tool, String baseUrl, String sealedCredential,
                         DestinationSpec spec, EventFilter filter, Integer rateLimit) {
    }

    public Uni<List<Target>> ofOrganizations(SqlClient client, String[] orgIds) {
        String sql = "SELECT d.* FROM " + config.table("destinations") + " d JOIN " + config.table("delivery_destinations")
                + " dd ON dd.id = d.id WHERE d.org_id = ANY($1) AND dd.status <> 'disabled'";
        return client.preparedQuery(sql).execute(Tuple.of(orgIds)).map(rows -> {
            List<Target> targets = new ArrayList<>();
            rows.forEach(row -> targets.add(of(row)));
            return targets;
        });
    }

    /** The destination, or null when it was deleted. */
    public Uni<Target> get(SqlClient client, UUID id) {
        return client.preparedQuery("SELECT * FROM " + config.table("destinations") + " WHERE id = $1")
                .execute(Tuple.of(id)).map(rows -> rows.iterator().hasNext() ? of(rows.iterator().next()) : null);
    }

    static Target of(Row row) {
        return new Target(row.getUUID("id"), row.getString("org_id"), Tool.of(row.getString("tool")).orElseThrow(),
                row.getString("base_url"), row.getString("credential"),
                new DestinationSpec(map(row.getString("mappings")), map(row.getString("settings"))),
                EventFilter.stored(row.getString("event_types")), row.getInteger("rate_limit"));
    }

    public static Map<String, String> map(String json) {
        try {
            return json == null || json.isBlank() ? Map.of() : Json.MAPPER.readValue(json, STRINGS);
        } catch (IOException e) {
            throw new IllegalStateException("destinations row holds invalid JSON", e);
        }
    }
}
