package dev.eventfold.localstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The PostgreSQL server named by the standard PG* environment variables (default 127.0.0.1:5432, user
 * postgres, database postgres), or an embedded one when none answers there, and fresh databases on it so that
 * test runs never see each other's data.
 */
public record Postgres(String host, int port, String user, String password, String adminDatabase) {

    /** The configured server when something listens at its address; otherwise, unless root, the JVM's embedded one. */
    public static Postgres available() {
        return available(fromEnvironment());
    }

    static Postgres available(Postgres configured) {
        if (configured.isListening() || runningAsRoot()) {
            return configured;
        }
        return EmbeddedPostgresServer.shared();
    }

    /** The server named by PG* variables, whether or not it is running. */
    public static Postgres fromEnvironment() {
        return new Postgres(
                env("PGHOST", "127.0.0.1"),
                Integer.parseInt(env("PGPORT", "5432")),
                env("PGUSER", "postgres"),
                env("PGPASSWORD", ""),
                env("PGDATABASE", "postgres"));
    }

    /** Whether something accepts TCP connections at this server's address. */
    public boolean isListening() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean runningAsRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | RuntimeException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public String reactiveUrl(String database) {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    /** Creates an empty database with a unique name and returns that name. */
    public String createFreshDatabase(String prefix) {
        String name = (prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12))
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        execute("CREATE DATABASE " + name);
        return name;
    }

    /** Creates the database unless it exists. */
    public void createDatabaseIfMissing(String name) {
        try (Connection c = connect(adminDatabase); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
            if (!rs.next()) {
                s.execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name + " on " + host + ":" + port, e);
        }
    }

    public void dropDatabase(String name) {
        execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user, password);
    }

    private void execute(String sql) {
        try (Connection c = connect(adminDatabase); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + host + ":" + port + " as " + user
                    + " refused \"" + sql + "\" (set PGHOST, PGPORT, PGUSER, PGPASSWORD; as root, start the server as "
                    + ".ci/run does; otherwise an embedded server starts when nothing listens there): " + e.getMessage(), e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
