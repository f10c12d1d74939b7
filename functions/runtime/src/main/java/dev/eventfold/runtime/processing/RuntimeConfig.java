package dev.eventfold.runtime.processing;

import dev.eventfold.runtime.config.FunctionConfig;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.regex.Pattern;

/** The function's PostgreSQL schema, resolved and checked once, and the tables of the runtime qualified by it. */
@ApplicationScoped
public class RuntimeConfig {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final String schema;
    private final StateConfig state;

    RuntimeConfig(FunctionConfig function, StateConfig state) {
        this.state = state;
        this.schema = state.configuredSchema().orElse(function.functionName().replace('-', '_')).toLowerCase();
        if (!IDENTIFIER.matcher(schema).matches()) {
            throw new IllegalStateException("eventfold.schema must be a lower-case SQL identifier, was " + schema);
        }
    }

    /** A function started in production mode with the development pepper would accept keys anyone can mint. */
    void check(@Observes StartupEvent start) {
        checkPepper(LaunchMode.current(), state.apiKey().pepper());
    }

    /** Refuses the development pepper in production mode (the check of {@link #check}, testable alone). */
    static void checkPepper(LaunchMode mode, String pepper) {
        if (mode == LaunchMode.NORMAL && StateConfig.DEV_PEPPER.equals(pepper)) {
            throw new IllegalStateException("eventfold.api-key.pepper is the development default: set "
                    + "EVENTFOLD_API_KEY_PEPPER from a Secret, the same value in ingest and every function");
        }
    }

    /** The function's Postgres schema: {@code eventfold.schema}, else the function name with underscores. */
    public String schema() {
        return schema;
    }

    /** The HMAC pepper of API key hashes ({@code eventfold.api-key.pepper}). */
    public String apiKeyPepper() {
        return state.apiKey().pepper();
    }

    /** A table qualified by the function's schema, e.g. {@code user_aggregator.processed_events}. */
    public String table(String name) {
        return schema + "." + name;
    }
}
