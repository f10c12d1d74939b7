package dev.eventfold.localstack.run;

import com.maxmind.db.Reader;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Where simulated visitors come from and what they browse with: addresses from the GeoIP test list plus a spread of
 * public IPv4 addresses that a DB-IP City Lite database places in a city, and common browser user agents.
 */
public final class VisitorPool {

    /** Addresses that MaxMind's test databases, and the generated fixtures modelled on them, place somewhere. */
    static final List<String> TEST_ADDRESSES = List.of("81.2.69.142", "81.2.69.160", "216.160.83.56",
            "89.160.20.128", "175.16.199.0", "2.125.160.216", "202.196.224.1", "67.43.156.1");

    static final List<String> USER_AGENTS = List.of(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
            "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17928; Pro)",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36");

    private final List<String> addresses;
    private final Random random;

    private VisitorPool(List<String> addresses, Random random) {
        this.addresses = addresses;
        this.random = random;
    }

    /**
     * The test addresses plus up to {@code size} in all of public IPv4 addresses that {@code dbip}, a database in
     * DB-IP City Lite's flat layout, places in a city (none when it is missing or of another layout).
     */
    public static VisitorPool load(Path dbip, int size, Random random) {
        List<String> addresses = new ArrayList<>(TEST_ADDRESSES);
        if (Files.isRegularFile(dbip)) {
            try (Reader reader = new Reader(dbip.toFile())) {
                for (int attempt = 0; attempt < size * 20 && addresses.size() < size; attempt++) {
                    byte[] ip = publicIpv4(random);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> record = reader.get(InetAddress.getByAddress(ip), Map.class);
                    if (record != null && record.get("city") instanceof String city && !city.isBlank()) {
                        addresses.add(InetAddress.getByAddress(ip).getHostAddress());
                    }
                }
            } catch (IOException e) {
                System.out.println("  (could not read " + dbip + ": " + e.getMessage() + "; using the test addresses only)");
            }
        }
        return new VisitorPool(List.copyOf(addresses), random);
    }

    public int size() {
        return addresses.size();
    }

    /** An address, skewed so that a few places send many visits, as real audiences do. */
    public String address() {
        double r = random.nextDouble();
        return addresses.get((int) (addresses.size() * r * r * r));
    }

    public String userAgent() {
        double r = random.nextDouble();
        return USER_AGENTS.get((int) (USER_AGENTS.size() * r * r));
    }

    private static byte[] publicIpv4(Random random) {
        while (true) {
            int a = 1 + random.nextInt(223);
            int b = random.nextInt(256);
            boolean reserved = a == 10 || a == 127 || a == 0 || (a == 100 && b >= 64 && b < 128)
                    || (a == 169 && b == 254) || (a == 172 && b >= 16 && b < 32) || (a == 192 && b == 168)
                    || (a == 198 && (b == 18 || b == 19));
            if (!reserved) {
                return new byte[] {(byte) a, (byte) b, (byte) random.nextInt(256), (byte) (1 + random.nextInt(254))};
            }
        }
    }
}
