package dev.eventfold.runtime;

import dev.eventfold.model.Topic;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/** The runtime's configuration keys with their defaults, read once (every key is listed in the README). */
@ApplicationScoped
public class RuntimeConfig {

    /** Development pepper only; production sets {@code EVENTFOLD_API_KEY_PEPPER} from a Secret. */
    public static final String DEV_PEPPER = "eventfold-dev-pepper-change-me";
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    @ConfigProperty(name = "eventfold.schema")
    Optional<String> schema;

    @ConfigProperty(name = "quarkus.application.name", defaultValue = "eventfold")
    String applicationName;

    @ConfigProperty(name = "eventfold.topic-prefix", defaultValue = Topic.DEFAULT_PREFIX)
    String topicPrefix;

    @ConfigProperty(name = "eventfold.api-key.pepper", defaultValue = DEV_PEPPER)
    String apiKeyPepper;

    @ConfigProperty(name = "eventfold.outbox.flush-interval", defaultValue = "10s")
    Duration outboxFlushInterval;

    @ConfigProperty(name = "eventfold.outbox.min-age", defaultValue = "10s")
    Duration outboxMinAge;

    @ConfigProperty(name = "eventfold.kafka-trigger.retry.initial-backoff", defaultValue = "500ms")
    Duration retryInitialBackoff;

    @ConfigProperty(name = "eventfold.kafka-trigger.retry.max-backoff", defaultValue = "30s")
    Duration retryMaxBackoff;

    void check(@Observes StartupEvent start) {
        schema();
        if (LaunchMode.current() == LaunchMode.NORMAL && DEV_PEPPER.equals(apiKeyPepper)) {
            Logger.getLogger(RuntimeConfig.class).warn("eventfold.api-key.pepper is the development default: "
                    + "set EVENTFOLD_API_KEY_PEPPER from a Secret, the same value in ingest and every function");
        }
    }

    /** The function's Postgres schema: {@code eventfold.schema}, else the application name with underscores. */
    public String schema() {
        String name = schema.orElse(applicationName.replace('-', '_')).toLowerCase();
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalStateException("eventfold.schema must be a lower-case SQL identifier, was " + name);
        }
        return name;
    }

    /** A table of the runtime qualified by the function's schema, e.g. {@code user_aggregator.processed_events}. */
    public String table(String name) {
        return schema() + "." + name;
    }

    /** {@code quarkus.application.name}: the function's name in metrics and dead-letter headers. */
    public String applicationName() {
        return applicationName;
    }

    public String topicPrefix() {
        return topicPrefix;
    }

    public String topicName(Topic topic) {
        return topic.topicName(topicPrefix);
    }

    public String apiKeyPepper() {
        return apiKeyPepper;
    }

    public Duration outboxFlushInterval() {
        return outboxFlushInterval;
    }

    public Duration outboxMinAge() {
        return outboxMinAge;
    }

    public Duration retryInitialBackoff() {
        return retryInitialBackoff;
    }

    public Duration retryMaxBackoff() {
        return retryMaxBackoff;
    }
}
