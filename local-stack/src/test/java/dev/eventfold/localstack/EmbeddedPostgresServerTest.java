package dev.eventfold.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class EmbeddedPostgresServerTest {

    private static final Postgres NOTHING_LISTENING =
            new Postgres("127.0.0.1", KafkaBroker.freePort(), "postgres", "", "postgres");

    @TempDir
    Path dataDir;

    @Test
    void asRootTheConfiguredServerIsKeptAndNoEmbeddedOneStarts() {
        assumeTrue(Postgres.runningAsRoot(), "only root is refused an embedded PostgreSQL");
        assertThat(NOTHING_LISTENING.isListening()).isFalse();
        assertThat(Postgres.available(NOTHING_LISTENING)).isEqualTo(NOTHING_LISTENING);
        assertThatThrownBy(() -> EmbeddedPostgresServer.start(dataDir, true))
                .hasMessageContaining("refuses to run as root");
    }

    @Test
    void whenNothingListensANonRootProcessGetsAnEmbeddedServerWithFreshDatabases() throws Exception {
        assumeFalse(Postgres.runningAsRoot(), "PostgreSQL refuses to run as root");
        Postgres postgres = Postgres.available(NOTHING_LISTENING);
        assertThat(postgres.port()).isNotEqualTo(NOTHING_LISTENING.port());
        assertThat(postgres.isListening()).isTrue();
        String database = postgres.createFreshDatabase("embedded_test");
        try (Connection c = postgres.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_database()")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(database);
        } finally {
            postgres.dropDatabase(database);
        }
    }

    @Test
    void aServerInAGivenFolderKeepsItsDataAcrossStarts() throws Exception {
        assumeFalse(Postgres.runningAsRoot(), "PostgreSQL refuses to run as root");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, true)) {
            server.postgres().createDatabaseIfMissing("kept");
        }
        try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(dataDir, false);
             Connection c = again.postgres().connect("kept")) {
            assertThat(c.isValid(5)).isTrue();
        }
    }
}
