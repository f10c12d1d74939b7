package dev.eventfold.localstack;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventfoldTestResourceTest {

    @Test
    void eachStartGetsItsOwnDatabaseAndTopicPrefixOnTheSharedBroker() throws SQLException {
        EventfoldTestResource first = new EventfoldTestResource();
        EventfoldTestResource second = new EventfoldTestResource();
        Map<String, String> a = first.start();
        Map<String, String> b = second.start();
        try {
            assertThat(a).containsKeys("kafka.bootstrap.servers", "quarkus.datasource.jdbc.url",
                    "quarkus.datasource.reactive.url", "quarkus.datasource.username",
                    "quarkus.datasource.password", "eventfold.topic-prefix");
            assertThat(a.get("kafka.bootstrap.servers")).isEqualTo(KafkaBroker.bootstrapServers())
                    .isEqualTo(b.get("kafka.bootstrap.servers"));
            assertThat(a.get("quarkus.datasource.jdbc.url")).isNotEqualTo(b.get("quarkus.datasource.jdbc.url"));
            assertThat(a.get("eventfold.topic-prefix")).isNotEqualTo(b.get("eventfold.topic-prefix"));
            assertThat(a.get("quarkus.datasource.reactive.url"))
                    .isEqualTo(a.get("quarkus.datasource.jdbc.url").substring("jdbc:".length()));
            try (Connection c = connect(a)) {
                assertThat(c.isValid(5)).isTrue();
            }
        } finally {
            first.stop();
            second.stop();
        }
        assertThatThrownBy(() -> connect(a).close()).isInstanceOf(SQLException.class);
    }

    private static Connection connect(Map<String, String> config) throws SQLException {
        return DriverManager.getConnection(config.get("quarkus.datasource.jdbc.url"),
                config.get("quarkus.datasource.username"), config.get("quarkus.datasource.password"));
    }
}
