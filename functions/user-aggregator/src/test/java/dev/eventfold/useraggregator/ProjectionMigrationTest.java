package dev.eventfold.useraggregator;

import dev.eventfold.localstack.Postgres;
import dev.eventfold.useraggregator.store.ProjectionMigrations;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Migration V12 on the real PostgreSQL: a projection written before users were scoped to their organization keeps
 * its rows, history rows take their user's organization, parked events their source, and afterwards two
 * organizations may hold the same user id.
 */
class ProjectionMigrationTest {

    private final Postgres postgres = Postgres.fromEnvironment();
    private String database;
    private Connection jdbc;

    @BeforeEach
    void databaseAtV11() throws Exception {
        database = postgres.createFreshDatabase("ua_migration");
        flyway("11").migrate();
        jdbc = postgres.connect(database);
    }

    @AfterEach
    void dropDatabase() throws Exception {
        jdbc.close();
        postgres.dropDatabase(database);
    }

    private Flyway flyway(String target) {
        return Flyway.configure(ProjectionMigrations.class.getClassLoader())
                .dataSource(postgres.jdbcUrl(database), postgres.user(), postgres.password())
                .schemas("user_aggregator").defaultSchema("user_aggregator").table("flyway_projection_history")
                .locations(ProjectionMigrations.LOCATION).placeholders(Map.of(ProjectionMigrations.PLACEHOLDER, "user_aggregator"))
                .target(target).load();
    }

    @Test
    void existingRowsAreCarriedOverAndTwoOrganizationsMayThenShareAUserId() throws Exception {
        execute("INSERT INTO user_aggregator.users (id, org_id, name, email, roles, created_at, updated_at) "
                + "VALUES ('u1', 'org-acme', 'Ada', 'ada@example.com', '{}', now(), now())");
        execute("INSERT INTO user_aggregator.user_logins (event_id, user_id, at, ip) VALUES ('e1', 'u1', now(), '10.0.0.1')");
        execute("INSERT INTO user_aggregator.user_failed_logins (event_id, user_id, at, ip, reason) "
                + "VALUES ('e2', 'u1', now(), '10.0.0.2', 'bad password')");
        execute("INSERT INTO user_aggregator.parked_events (event_id, user_id, org_id, type, time, event) VALUES "
                + "('e3', 'u9', 'org-acme', 'dev.eventfold.user.loggedin', now(), '{\"source\": \"/crm\"}'::jsonb)");
        execute("INSERT INTO user_aggregator.applied_events (event_id) VALUES ('e1')");

        ProjectionMigrations.migrate(postgres.jdbcUrl(database), postgres.user(), postgres.password(), "user_aggregator");

        assertThat(rows("SELECT org_id || '/' || id FROM user_aggregator.users")).containsExactly("org-acme/u1");
        assertThat(rows("SELECT org_id || '/' || source || '/' || event_id FROM user_aggregator.user_logins"))
                .containsExactly("org-acme//e1");
        assertThat(rows("SELECT org_id || '/' || source || '/' || event_id FROM user_aggregator.user_failed_logins"))
                .containsExactly("org-acme//e2");
        assertThat(rows("SELECT org_id || '/' || source || '/' || event_id FROM user_aggregator.parked_events"))
                .containsExactly("org-acme//crm/e3");
        assertThat(rows("SELECT org_id || '/' || source || '/' || event_id FROM user_aggregator.applied_events"))
                .containsExactly("//e1");
        execute("INSERT INTO user_aggregator.users (id, org_id, name, email, roles, created_at, updated_at) "
                + "VALUES ('u1', 'org-globex', 'Bob', 'bob@example.com', '{}', now(), now())");
        assertThat(rows("SELECT org_id FROM user_aggregator.users WHERE id = 'u1' ORDER BY org_id"))
                .containsExactly("org-acme", "org-globex");
    }

    private void execute(String sql) throws Exception {
        try (Statement s = jdbc.createStatement()) {
            s.execute(sql);
        }
    }

    private List<String> rows(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement s = jdbc.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
