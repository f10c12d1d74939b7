package dev.eventfold.campaignaggregator.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Points the store's SQL, written against {@code campaign_aggregator.*}, at one schema version of the projection
 * (the active one for the live function and the read API, the one being caught up for a replay); each statement is
 * rewritten once per version.
 */
final class SchemaSql {

    static final String WRITTEN_FOR = "campaign_aggregator.";

    private static final Map<String, Map<String, String>> REWRITTEN = new ConcurrentHashMap<>();

    private SchemaSql() {
    }

    static String of(String sql, String schema) {
        return REWRITTEN.computeIfAbsent(schema, s -> new ConcurrentHashMap<>())
                .computeIfAbsent(sql, s -> s.replace(WRITTEN_FOR, schema + "."));
    }
}
