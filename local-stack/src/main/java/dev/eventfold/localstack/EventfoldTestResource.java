package dev.eventfold.localstack;

import dev.eventfold.localstack.testing.TestSettings;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;
import java.util.UUID;

/**
 * The infrastructure every function's tests run against: the JVM's real Kafka broker, a fresh PostgreSQL
 * database for this application start (dropped at stop) and a topic prefix of its own, so that test runs
 * never see each other's data. Use with {@code @QuarkusTestResource(EventfoldTestResource.class)}; the tests read
 * the same settings through {@link TestSettings}.
 */
public class EventfoldTestResource implements QuarkusTestResourceLifecycleManager {

    /** The API key pepper of every application under test (production mode refuses the development one). */
    public static final String PEPPER = "test-pepper";

    private final Postgres postgres = Postgres.available();
    private String database;

    @Override
    public Map<String, String> start() {
        String bootstrap = KafkaBroker.bootstrapServers();
        database = postgres.createFreshDatabase("eventfold_test");
        Map<String, String> settings = Map.of(
                "kafka.bootstrap.servers", bootstrap,
                "quarkus.datasource.jdbc.url", postgres.jdbcUrl(database),
                "quarkus.datasource.reactive.url", postgres.reactiveUrl(database),
                "quarkus.datasource.username", postgres.user(),
                "quarkus.datasource.password", postgres.password(),
                "eventfold.api-key.pepper", PEPPER,
                "eventfold.topic-prefix", "t" + UUID.randomUUID().toString().substring(0, 8));
        TestSettings.publish(settings);
        return settings;
    }

    @Override
    public void stop() {
        if (database != null) {
            postgres.dropDatabase(database);
        }
    }
}
