package dev.eventfold.localstack.run;

import com.maxmind.db.Reader;
import dev.eventfold.localstack.geoip.GeoIpFixtures;
import dev.eventfold.localstack.geoip.MmdbWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class VisitorPoolTest {

    @TempDir
    Path dir;

    /**
     * A database in DB-IP City Lite's layout that covers half of the IPv4 space in /8 blocks, every third one with
     * an empty city (as DB-IP has for some networks), so the sample has to pick and filter.
     */
    private Path dbIpCovering() throws Exception {
        MmdbWriter db = MmdbWriter.ipv4("city ipv4");
        for (int a = 1; a < 224; a += 2) {
            db.insert(a + ".0.0.0/8", GeoIpFixtures.dbIpCity("GB", "England", a % 3 == 0 ? "" : "City " + a,
                    51.5f, -0.1f));
        }
        return db.write(dir.resolve("dbip-city-ipv4.mmdb"));
    }

    @Test
    void sampledAddressesArePublicAndPlacedInACityByDbIp() throws Exception {
        Path dbip = dbIpCovering();
        VisitorPool pool = VisitorPool.load(dbip, 200, new Random(7));
        assertThat(pool.size()).isEqualTo(200);
        Set<String> seen = new HashSet<>();
        try (Reader reader = new Reader(dbip.toFile())) {
            for (int i = 0; i < 500; i++) {
                String address = pool.address();
                seen.add(address);
                InetAddress ip = InetAddress.getByName(address);
                assertThat(ip.isSiteLocalAddress() || ip.isLoopbackAddress() || ip.isLinkLocalAddress()).isFalse();
                if (!VisitorPool.TEST_ADDRESSES.contains(address)) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> record = reader.get(ip, Map.class);
                    assertThat(record).isNotNull();
                    assertThat((String) record.get("city")).isNotBlank();
                }
            }
        }
        assertThat(seen.size()).isGreaterThan(20);
        assertThat(VisitorPool.USER_AGENTS).contains(pool.userAgent());
    }

    @Test
    void withoutADbIpDatabaseThePoolIsTheTestAddresses() {
        VisitorPool missing = VisitorPool.load(dir.resolve("missing.mmdb"), 200, new Random(7));
        Path geoip2 = GeoIpFixtures.writeAll(dir.resolve("fixtures")).resolve(GeoIpFixtures.GEOIP2_CITY);
        VisitorPool otherLayout = VisitorPool.load(geoip2, 200, new Random(7));

        assertThat(missing.size()).isEqualTo(VisitorPool.TEST_ADDRESSES.size());
        assertThat(otherLayout.size()).isEqualTo(VisitorPool.TEST_ADDRESSES.size());
    }
}
