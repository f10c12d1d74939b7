package dev.eventfold.localstack.testing;

import dev.eventfold.model.Topic;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

/**
 * The infrastructure settings of the application under test, read one way whether it runs in the test JVM
 * ({@code @QuarkusTest}) or as the packaged jar ({@code *IT}): the test resource publishes every setting it gives
 * the application as a system property of the test JVM under {@value #PREFIX}.
 */
public final class TestSettings {

    public static final String PREFIX = "eventfold-test.";

    private TestSettings() {
    }

    /** Makes the settings readable by the tests (called by the test resource as it starts the application). */
    public static void publish(Map<String, String> settings) {
        settings.forEach((key, value) -> System.setProperty(PREFIX + key, value));
    }

    /** A setting given to the application under test; fails when no test resource published it. */
    public static String get(String key) {
        String value = System.getProperty(PREFIX + key);
        if (value == null) {
            throw new IllegalStateException("no test setting " + key + " (is EventfoldTestResource active?)");
        }
        return value;
    }

    public static String bootstrapServers() {
        return get("kafka.bootstrap.servers");
    }

    /** The topic's name under the application's topic prefix. */
    public static String topic(Topic topic) {
        return topic.topicName(get("eventfold.topic-prefix"));
    }

    /** A JDBC connection to the application's database. */
    public static Connection database() throws SQLException {
        return DriverManager.getConnection(get("quarkus.datasource.jdbc.url"), get("quarkus.datasource.username"),
                get("quarkus.datasource.password"));
    }
}
