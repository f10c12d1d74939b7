package dev.eventfold.geoenricher.function;

import dev.eventfold.geoenricher.GeoIpFiles;
import dev.eventfold.localstack.testing.TopicReader;
import dev.eventfold.model.DerivedIds;
import dev.eventfold.model.EventCodec;
import dev.eventfold.model.EventType;
import dev.eventfold.model.KafkaBinding;
import dev.eventfold.model.Topic;
import dev.eventfold.model.payload.PageViewEnriched;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The running application picks up a replaced database file by itself: the city database is a temporary copy of
 * GeoIP2-City-Test, checked every 200 ms; replacing it with GeoLite2-City-Test changes the answer, no restart.
 */
@QuarkusTest
@TestProfile(GeoIpReloadTest.TemporaryCityDb.class)
class GeoIpReloadTest {

    static final Path CITY_DB;

    static {
        try {
            Path dir = Files.createTempDirectory("geo-enricher-reload");
            CITY_DB = dir.resolve("city.mmdb");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (var files = Files.list(dir)) {
                    for (Path file : files.toList()) {
                        Files.deleteIfExists(file);
                    }
                    Files.deleteIfExists(dir);
                } catch (IOException e) {
                    // a temporary directory: left for the OS to clean
                }
            }));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static class TemporaryCityDb implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.copy(GeoIpFiles.file(GeoIpFiles.GEOIP2_CITY), CITY_DB, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of(
                    "eventfold.geoip.city-db", CITY_DB.toString(),
                    "eventfold.geoip.reload-interval", "200ms",
                    "eventfold.kafka-trigger.enabled", "false");
        }
    }

    /** Posts a page view from {@code ip} (answered 204) and returns the enriched view read back from Kafka. */
    private static PageViewEnriched view(String ip) {
        String id = UUID.randomUUID().toString();
        given()
                .header("ce-specversion", "1.0")
                .header("ce-id", id)
                .header("ce-type", EventType.PAGE_VIEWED.type())
                .header("ce-source", "/pixel")
                .header("ce-subject", "page-reload")
                .header("ce-time", "2026-11-30T10:15:30Z")
                .header("ce-orgid", "org-1")
                .contentType("application/json")
                .body("{\"ip\":\"" + ip + "\"}")
                .post("/")
                .then()
                .statusCode(204);
        try (TopicReader enriched = new TopicReader(GeoEnricherTestResource.bootstrapServers(),
                Topic.VISITS_ENRICHED.topicName(GeoEnricherTestResource.prefix()))) {
            return KafkaBinding.fromRecord(EventCodec.internal(),
                    enriched.readEvent(DerivedIds.derivedId("geo-enricher", "org-1", "/pixel", id)))
                    .payload(PageViewEnriched.class);
        }
    }

    @Test
    void a_replaced_database_file_is_used_without_a_restart() throws Exception {
        assertThat(view("214.78.120.5").city()).isEqualTo("San Diego");

        Path next = CITY_DB.resolveSibling("city.mmdb.next");
        Files.copy(GeoIpFiles.file(GeoIpFiles.GEOLITE2_CITY), next);
        Files.move(next, CITY_DB, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        PageViewEnriched after = view("214.78.120.5");
        while (!"not-found".equals(after.unknownReason()) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            after = view("214.78.120.5");
        }
        assertThat(after.unknownReason()).isEqualTo("not-found");
        assertThat(view("81.2.69.142").city()).isEqualTo("London");
    }
}
