package dev.eventfold.geoenricher;

import dev.eventfold.localstack.geoip.GeoIpFixtures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The GeoIP databases of the tests: small fixtures in the GeoIP2, GeoLite2 and DB-IP layouts, generated once per JVM
 * into a temporary folder by local-stack's {@link GeoIpFixtures}, so a fresh clone needs nothing beside it. With
 * {@code -Deventfold.geoip.dir=<folder>} the tests read the same file names from that folder instead (for example
 * MaxMind's published test databases and a real DB-IP City Lite file).
 */
public final class GeoIpFiles {

    public static final String GEOIP2_CITY = GeoIpFixtures.GEOIP2_CITY;
    public static final String GEOLITE2_CITY = GeoIpFixtures.GEOLITE2_CITY;
    public static final String GEOLITE2_COUNTRY = GeoIpFixtures.GEOLITE2_COUNTRY;
    public static final String GEOLITE2_ASN = GeoIpFixtures.GEOLITE2_ASN;
    public static final String GEOIP2_ANONYMOUS_IP = GeoIpFixtures.GEOIP2_ANONYMOUS_IP;
    public static final String DBIP_CITY_IPV4 = GeoIpFixtures.DBIP_CITY_IPV4;

    private GeoIpFiles() {
    }

    public static Path dir() {
        String dir = System.getProperty("eventfold.geoip.dir");
        return dir == null || dir.isBlank() ? Generated.DIR : Path.of(dir).toAbsolutePath().normalize();
    }

    public static Path file(String name) {
        Path file = dir().resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file + " is missing");
        }
        return file;
    }

    /** The generated fixtures, written on first use and deleted when the JVM exits. */
    private static final class Generated {
        static final Path DIR = generate();

        private static Path generate() {
            try {
                Path dir = GeoIpFixtures.writeAll(Files.createTempDirectory("geo-enricher-geoip"));
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
                return dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void delete(Path dir) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary folder: left for the OS to clean
            }
        }
    }
}
