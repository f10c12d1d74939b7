package dev.eventfold.localstack.run;

import dev.eventfold.localstack.geoip.DbIpCityLite;
import dev.eventfold.localstack.geoip.GeoIpFixtures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The GeoIP databases a local run gives geo-enricher, the first that applies: the files named by
 * {@code EVENTFOLD_GEOIP_CITY_DB} (and {@code _ASN_DB}, {@code _ANONYMOUS_DB}); the shared databases in
 * ../shared/geoip beside the project; DB-IP City Lite, fetched once into the cache folder; offline, the generated
 * fixtures. ASN and Anonymous-IP come from the shared folder or the generated fixtures (DB-IP Lite has neither).
 */
public record DemoGeoIp(Path cityDb, Path asnDb, Path anonymousDb, String origin) {

    static final String CITY_ENV = "EVENTFOLD_GEOIP_CITY_DB";
    static final String ASN_ENV = "EVENTFOLD_GEOIP_ASN_DB";
    static final String ANONYMOUS_ENV = "EVENTFOLD_GEOIP_ANONYMOUS_DB";

    /** Fetches DB-IP City Lite into a cache folder; {@link DbIpCityLite#fetchOnce} outside tests. */
    @FunctionalInterface
    public interface Fetcher {
        Path fetch(Path cacheDir, Consumer<String> progress) throws IOException;
    }

    public static DemoGeoIp resolve(Path projectRoot, Map<String, String> env, Path cacheDir, Fetcher fetcher,
                                    Consumer<String> say) {
        String configured = env.get(CITY_ENV);
        if (configured != null && !configured.isBlank()) {
            Path fixtures = fixtures(cacheDir);
            return new DemoGeoIp(Path.of(configured), orElse(env.get(ASN_ENV), fixtures.resolve(GeoIpFixtures.GEOLITE2_ASN)),
                    orElse(env.get(ANONYMOUS_ENV), fixtures.resolve(GeoIpFixtures.GEOIP2_ANONYMOUS_IP)),
                    "configured by " + CITY_ENV);
        }
        Path shared = sharedDir(projectRoot);
        if (Files.isRegularFile(shared.resolve(GeoIpFixtures.DBIP_CITY_IPV4))) {
            return new DemoGeoIp(shared.resolve(GeoIpFixtures.DBIP_CITY_IPV4), shared.resolve(GeoIpFixtures.GEOLITE2_ASN),
                    shared.resolve(GeoIpFixtures.GEOIP2_ANONYMOUS_IP), "the shared databases in " + shared
                    + " (city: " + DbIpCityLite.ATTRIBUTION + ")");
        }
        Path fixtures = fixtures(cacheDir);
        try {
            Path dbip = fetcher.fetch(cacheDir, say);
            return new DemoGeoIp(dbip, fixtures.resolve(GeoIpFixtures.GEOLITE2_ASN),
                    fixtures.resolve(GeoIpFixtures.GEOIP2_ANONYMOUS_IP), "DB-IP City Lite in " + cacheDir
                    + " (" + DbIpCityLite.ATTRIBUTION + "); ASN and Anonymous-IP: generated fixtures");
        } catch (IOException e) {
            say.accept("could not fetch DB-IP City Lite: " + e.getMessage());
            return new DemoGeoIp(fixtures.resolve(GeoIpFixtures.DBIP_CITY_IPV4), fixtures.resolve(GeoIpFixtures.GEOLITE2_ASN),
                    fixtures.resolve(GeoIpFixtures.GEOIP2_ANONYMOUS_IP),
                    "the generated fixtures in " + fixtures + " (made-up data: only the test addresses have a place)");
        }
    }

    /** The shared GeoIP databases beside the project (../shared/geoip), used where they exist; never copied into it. */
    public static Path sharedDir(Path projectRoot) {
        return projectRoot.toAbsolutePath().getParent().resolve("shared/geoip");
    }

    /** {@code $XDG_CACHE_HOME/eventfold/geoip}, by default {@code ~/.cache/eventfold/geoip}. */
    public static Path defaultCacheDir(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        Path cache = xdg == null || xdg.isBlank() ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(xdg);
        return cache.resolve("eventfold/geoip");
    }

    /** geo-enricher's configuration keys for these files. */
    public Map<String, String> config() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("eventfold.geoip.city-db", cityDb.toAbsolutePath().toString());
        config.put("eventfold.geoip.asn-db", asnDb.toAbsolutePath().toString());
        config.put("eventfold.geoip.anonymous-db", anonymousDb.toAbsolutePath().toString());
        return config;
    }

    private static Path fixtures(Path cacheDir) {
        return GeoIpFixtures.writeAll(cacheDir.resolve("fixtures"));
    }

    private static Path orElse(String configured, Path fallback) {
        return configured == null || configured.isBlank() ? fallback : Path.of(configured);
    }
}
