package dev.eventfold.geoenricher.function;

import dev.eventfold.geoenricher.GeoIpFiles;
import dev.eventfold.localstack.KafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;
import java.util.UUID;

/**
 * What geo-enricher's application tests run against: the JVM's real Kafka broker, a topic prefix of this start's
 * own, and the GeoIP test databases of {@link GeoIpFiles} (City, ASN, Anonymous-IP). No PostgreSQL: the function
 * has none.
 */
public class GeoEnricherTestResource implements QuarkusTestResourceLifecycleManager {

    private static volatile String prefix;

    /** The topic prefix of the running application (set at its start, read by the tests). */
    public static String prefix() {
        return prefix;
    }

    public static String bootstrapServers() {
        return KafkaBroker.bootstrapServers();
    }

    @Override
    public Map<String, String> start() {
        prefix = "t" + UUID.randomUUID().toString().substring(0, 8);
        return Map.of(
                "kafka.bootstrap.servers", KafkaBroker.bootstrapServers(),
                "eventfold.topic-prefix", prefix,
                "eventfold.geoip.city-db", GeoIpFiles.file(GeoIpFiles.GEOIP2_CITY).toString(),
                "eventfold.geoip.asn-db", GeoIpFiles.file(GeoIpFiles.GEOLITE2_ASN).toString(),
                "eventfold.geoip.anonymous-db", GeoIpFiles.file(GeoIpFiles.GEOIP2_ANONYMOUS_IP).toString());
    }

    @Override
    public void stop() {
    }
}
