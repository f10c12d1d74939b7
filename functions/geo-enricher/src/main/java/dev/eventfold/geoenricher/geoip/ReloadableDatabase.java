package dev.eventfold.geoenricher.geoip;

import org.jboss.logging.Logger;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * One configured database path whose file may be replaced while the function runs: {@link #reloadIfChanged()}
 * opens a changed file and swaps it in atomically; the old one closes when its last lookup is done. A missing,
 * half-written or wrong-kind file never replaces a working database.
 */
public final class ReloadableDatabase implements Closeable {

    private static final Logger LOG = Logger.getLogger(ReloadableDatabase.class);

    private final String role;
    private final Path path;
    private final Predicate<DatabaseKind> accepts;
    private final Locale locale;
    private final AtomicReference<GeoDatabase> current = new AtomicReference<>();
    private FileSignature seen;

    /**
     * @param role    the configuration key, for log messages
     * @param accepts which kinds of file may serve this role
     */
    public ReloadableDatabase(String role, Path path, Predicate<DatabaseKind> accepts, Locale locale) {
        this.role = role;
        this.path = path;
        this.accepts = accepts;
        this.locale = locale;
    }

    /** A lookup against the database in service. */
    @FunctionalInterface
    public interface Lookup<T> {
        T apply(GeoDatabase database) throws Exception;
    }

    /** Loads the file if it changed since it was last seen; true when a new database went into service. */
    public synchronized boolean reloadIfChanged() {
        Optional<FileSignature> before = FileSignature.of(path);
        if (before.isEmpty()) {
            if (current.get() == null && seen == null) {
                LOG.warnf("%s: %s does not exist (yet); lookups answer no-database until it does", role, path);
                seen = new FileSignature(null, -1, "");
            }
            return false;
        }
        if (before.get().equals(seen)) {
            return false;
        }
        GeoDatabase opened;
        try {
            opened = GeoDatabase.open(path, locale);
        } catch (IOException | RuntimeException e) {
            LOG.errorf("%s: cannot open %s, keeping the database in service: %s", role, path, e.getMessage());
            seen = before.get();
            return false;
        }
        if (!accepts.test(opened.kind())) {
            LOG.errorf("%s: %s is a %s database (%s), which cannot serve here; keeping the database in service",
                    role, path, opened.kind(), opened.metadata().databaseType());
            opened.close();
            seen = before.get();
            return false;
        }
        if (!before.equals(FileSignature.of(path))) {
            opened.close(); // written to while we read it: take it on the next check, when it is complete
            return false;
        }
        seen = before.get();
        GeoDatabase old = current.getAndSet(opened);
        if (old != null) {
            old.close();
        }
        LOG.infof("%s: %s in service (%s, built %s)", role, path, opened.metadata().databaseType(),
                opened.metadata().buildTime());
        return true;
    }

    /** Runs {@code lookup} on the database in service; empty when there is none. */
    public <T> Optional<T> lookup(Lookup<T> lookup) throws Exception {
        while (true) {
            GeoDatabase database = current.get();
            if (database == null) {
                return Optional.empty();
            }
            if (database.acquire()) {
                try {
                    return Optional.ofNullable(lookup.apply(database));
                } finally {
                    database.release();
                }
            }
            // swapped out and closed between get() and acquire(): the next get() sees its successor
        }
    }

    /** The database in service, for health and tests. */
    public Optional<GeoDatabase> inService() {
        return Optional.ofNullable(current.get());
    }

    public Path path() {
        return path;
    }

    public String role() {
        return role;
    }

    @Override
    public synchronized void close() {
        GeoDatabase old = current.getAndSet(null);
        if (old != null) {
            old.close();
        }
    }
}
