package dev.eventfold.campaignaggregator.store;

import dev.eventfold.runtime.processing.RuntimeConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Points the store's SQL, written against {@code campaign_aggregator.*}, at the configured schema (the runtime's
 * {@code eventfold.schema}, so a projection can be rebuilt into a fresh schema); each statement is rewritten once.
 */
@ApplicationScoped
public class SchemaSql {

    static final String WRITTEN_FOR = "campaign_aggregator.";

    @Inject
    RuntimeConfig config;

    private final Map<String, String> rewritten = new ConcurrentHashMap<>();

    public String of(String sql) {
        return rewritten.computeIfAbsent(sql, s -> s.replace(WRITTEN_FOR, config.schema() + "."));
    }
}
