package dev.eventfold.localstack;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresTest {

    private final Postgres postgres = Postgres.fromEnvironment();

    @Test
    void freshDatabasesAreIsolatedAndDroppedAgain() throws SQLException {
        String first = postgres.createFreshDatabase("local_stack_test");
        String second = postgres.createFreshDatabase("local_stack_test");
        try {
            assertThat(first).isNotEqualTo(second).startsWith("local_stack_test_");
            try (Connection c = postgres.connect(first); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE marker (id int)");
                s.execute("INSERT INTO marker VALUES (42)");
            }
            assertThat(tableExists(first, "marker")).isTrue();
            assertThat(tableExists(second, "marker")).isFalse();
        } finally {
            postgres.dropDatabase(first);
            postgres.dropDatabase(second);
        }
        assertThat(databaseExists(first)).isFalse();
        assertThat(databaseExists(second)).isFalse();
    }

    @Test
    void dropDatabaseDisconnectsOpenSessions() throws SQLException {
        String name = postgres.createFreshDatabase("local_stack_test");
        try (Connection open = postgres.connect(name)) {
            postgres.dropDatabase(name);
            assertThat(databaseExists(name)).isFalse();
        }
    }

    private boolean tableExists(String database, String table) throws SQLException {
        try (Connection c = postgres.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT to_regclass('public." + table + "') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private boolean databaseExists(String database) throws SQLException {
        try (Connection c = postgres.connect(postgres.adminDatabase()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + database + "'")) {
            rs.next();
            return rs.getInt(1) == 1;
        }
    }
}
