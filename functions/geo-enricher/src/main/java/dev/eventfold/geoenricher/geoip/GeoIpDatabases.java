package dev.eventfold.geoenricher.geoip;

import dev.eventfold.geoenricher.domain.GeoEnricher;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Opens the configured GeoIP databases at startup, checks their files for replacement every
 * {@code eventfold.geoip.reload-interval} on a background thread, and produces the {@link GeoEnricher} core.
 */
@ApplicationScoped
public class GeoIpDatabases {

    private static final Logger LOG = Logger.getLogger(GeoIpDatabases.class);

    private final GeoIpConfig config;
    private MaxMindGeoLookup lookup;
    private ScheduledExecutorService reloader;

    GeoIpDatabases(GeoIpConfig config) {
        this.config = config;
    }

    synchronized MaxMindGeoLookup lookup() {
        if (lookup == null) {
            lookup = new MaxMindGeoLookup(config.cityDb().map(this::resolve), config.asnDb().map(this::resolve),
                    config.anonymousDb().map(this::resolve), Locale.forLanguageTag(config.locale()));
            if (config.cityDb().isEmpty()) {
                LOG.warn("eventfold.geoip.city-db is not set: every page view is enriched with geo unknown (no-database)");
            }
        }
        return lookup;
    }

    private Path resolve(String path) {
        return config.dir().map(dir -> Path.of(dir).resolve(path)).orElse(Path.of(path)).toAbsolutePath().normalize();
    }

    @Produces
    @Singleton
    GeoEnricher geoEnricher() {
        return new GeoEnricher(lookup(), config.truncateIp());
    }

    void start(@Observes StartupEvent event) {
        MaxMindGeoLookup databases = lookup();
        long every = Math.max(1, config.reloadInterval().toMillis());
        reloader = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "geoip-reload");
            thread.setDaemon(true);
            return thread;
        });
        reloader.scheduleWithFixedDelay(() -> {
            try {
                databases.reloadIfChanged();
            } catch (RuntimeException e) {
                LOG.error("GeoIP reload check failed; trying again next interval", e);
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (reloader != null) {
            reloader.shutdownNow();
        }
        synchronized (this) {
            if (lookup != null) {
                lookup.close();
            }
        }
    }
}
