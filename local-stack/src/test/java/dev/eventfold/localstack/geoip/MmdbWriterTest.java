package dev.eventfold.localstack.geoip;

import com.maxmind.db.CHMCache;
import com.maxmind.db.DatabaseRecord;
import com.maxmind.db.Metadata;
import com.maxmind.db.Reader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the writer produces, read back with MaxMind's own reader (com.maxmind.db). */
class MmdbWriterTest {

    @TempDir
    Path dir;

    private static Reader read(MmdbWriter writer) throws Exception {
        return new Reader(new ByteArrayInputStream(writer.toBytes()));
    }

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void every_data_type_reads_back_as_written() throws Exception {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("string", "Linköping");
        record.put("empty", "");
        record.put("long string", "x".repeat(100));
        record.put("longer string", "y".repeat(1000));
        record.put("longest string", "z".repeat(70_000));
        record.put("uint16", MmdbValue.uint16(65535));
        record.put("uint32", MmdbValue.uint32(4_294_967_295L));
        record.put("uint32 zero", MmdbValue.uint32(0));
        record.put("uint64", MmdbValue.uint64(new BigInteger("18446744073709551615")));
        record.put("int32", MmdbValue.int32(-268_435_456));
        record.put("double", -122.3149);
        record.put("float", MmdbValue.float32(51.5085f));
        record.put("true", true);
        record.put("false", false);
        record.put("bytes", new byte[] {0, 1, (byte) 0xFF});
        record.put("array", List.of("a", MmdbValue.uint16(2), List.of()));
        record.put("map", Map.of("names", Map.of("en", "London", "de", "London")));

        try (Reader reader = read(MmdbWriter.ipv6("Test-Types").insert("1.2.3.0/24", record))) {
            Map<?, ?> back = reader.get(ip("1.2.3.4"), Map.class);

            assertThat(back.get("string")).isEqualTo("Linköping");
            assertThat(back.get("empty")).isEqualTo("");
            assertThat(back.get("long string")).isEqualTo("x".repeat(100));
            assertThat(back.get("longer string")).isEqualTo("y".repeat(1000));
            assertThat(back.get("longest string")).isEqualTo("z".repeat(70_000));
            assertThat(back.get("uint16")).isEqualTo(65535);
            assertThat(back.get("uint32")).isEqualTo(4_294_967_295L);
            assertThat(back.get("uint32 zero")).isEqualTo(0L);
            assertThat(back.get("uint64")).isEqualTo(new BigInteger("18446744073709551615"));
            assertThat(back.get("int32")).isEqualTo(-268_435_456);
            assertThat(back.get("double")).isEqualTo(-122.3149);
            assertThat(back.get("float")).isEqualTo(51.5085f);
            assertThat(back.get("true")).isEqualTo(true);
            assertThat(back.get("false")).isEqualTo(false);
            assertThat((byte[]) back.get("bytes")).containsExactly(0, 1, 0xFF);
            assertThat(back.get("array")).isEqualTo(List.of("a", 2, List.of()));
            assertThat(back.get("map")).isEqualTo(Map.of("names", Map.of("en", "London", "de", "London")));
        }
    }

    @Test
    void repeated_values_are_written_once_and_pointed_to() throws Exception {
        String note = "n".repeat(500);
        MmdbWriter once = MmdbWriter.ipv6("Test").insert("81.2.69.0/24", Map.of("note", note));
        MmdbWriter many = MmdbWriter.ipv6("Test").insert("81.2.69.0/24", Map.of("note", note));
        for (int i = 0; i < 50; i++) {
            many.insert("10." + i + ".0.0/16",
                    Map.of("i", MmdbValue.uint16(i), "note", note, "names", Map.of("en", "London")));
        }

        // written out each time, the 50 notes alone would take 25,000 bytes; as pointers, a few bytes each
        assertThat(many.toBytes().length - once.toBytes().length).isLessThan(50 * 100);
        try (Reader reader = read(many)) {
            assertThat(reader.get(ip("10.42.1.1"), Map.class))
                    .isEqualTo(Map.of("i", 42, "note", note, "names", Map.of("en", "London")));
            assertThat(reader.get(ip("10.7.1.1"), Map.class))
                    .isEqualTo(Map.of("i", 7, "note", note, "names", Map.of("en", "London")));
            assertThat(reader.get(ip("81.2.69.1"), Map.class)).isEqualTo(Map.of("note", note));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {24, 28, 32})
    void networks_are_found_by_longest_prefix_at_every_record_size(int recordSize) throws Exception {
        MmdbWriter writer = MmdbWriter.ipv6("Test").recordSize(recordSize)
                .insert("81.2.0.0/16", Map.of("n", "broad"))
                .insert("81.2.69.160/27", Map.of("n", "narrow"))
                .insert("81.2.69.142/32", Map.of("n", "host"))
                .insert("2001:480:10::/48", Map.of("n", "v6"));
        for (int i = 0; i < 300; i++) {
            writer.insert("100." + (i / 256) + "." + (i % 256) + ".0/24", Map.of("i", MmdbValue.uint16(i)));
        }
        try (Reader reader = read(writer)) {
            assertThat(reader.getMetadata().recordSize()).isEqualTo(recordSize);
            assertThat(reader.get(ip("81.2.1.1"), Map.class)).isEqualTo(Map.of("n", "broad"));
            assertThat(reader.get(ip("81.2.69.170"), Map.class)).isEqualTo(Map.of("n", "narrow"));
            assertThat(reader.get(ip("81.2.69.142"), Map.class)).isEqualTo(Map.of("n", "host"));
            assertThat(reader.get(ip("81.2.69.143"), Map.class)).isEqualTo(Map.of("n", "broad"));
            assertThat(reader.get(ip("81.3.0.0"), Map.class)).isNull();
            assertThat(reader.get(ip("2001:480:10::1"), Map.class)).isEqualTo(Map.of("n", "v6"));
            assertThat(reader.get(ip("2001:480:11::1"), Map.class)).isNull();
            assertThat(reader.get(ip("100.1.43.9"), Map.class)).isEqualTo(Map.of("i", 299));

            DatabaseRecord<Map> narrow = reader.getRecord(ip("81.2.69.170"), Map.class);
            assertThat(narrow.network().toString()).isEqualTo("81.2.69.160/27");
        }
    }

    @Test
    void a_broader_network_inserted_later_replaces_the_narrower_ones_inside_it() throws Exception {
        MmdbWriter writer = MmdbWriter.ipv6("Test")
                .insert("81.2.69.142/32", Map.of("n", "host"))
                .insert("81.2.0.0/16", Map.of("n", "broad"));
        try (Reader reader = read(writer)) {
            assertThat(reader.get(ip("81.2.69.142"), Map.class)).isEqualTo(Map.of("n", "broad"));
        }
    }

    @Test
    void ipv4_networks_of_an_ipv6_database_are_also_found_as_ipv4_mapped_ipv6() throws Exception {
        try (Reader reader = read(MmdbWriter.ipv6("Test").insert("81.2.69.160/27", Map.of("n", "london")))) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xFF;
            mapped[11] = (byte) 0xFF;
            System.arraycopy(new byte[] {81, 2, 69, (byte) 170}, 0, mapped, 12, 4);
            InetAddress asIpv6 = Inet6Address.getByAddress(null, mapped, -1);
            InetAddress compatible = Inet6Address.getByAddress(null,
                    new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 81, 2, 69, (byte) 170}, -1);

            assertThat(asIpv6).isInstanceOf(Inet6Address.class);
            assertThat(reader.get(asIpv6, Map.class)).isEqualTo(Map.of("n", "london"));
            assertThat(reader.get(compatible, Map.class)).isEqualTo(Map.of("n", "london"));
            assertThat(reader.get(ip("81.2.69.170"), Map.class)).isEqualTo(Map.of("n", "london"));
        }
    }

    @Test
    void an_ipv4_database_holds_ipv4_networks_only() throws Exception {
        MmdbWriter writer = MmdbWriter.ipv4("city ipv4").insert("81.2.69.0/24", Map.of("city", "London"));

        assertThatThrownBy(() -> writer.insert("2001:480:10::/48", Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        try (Reader reader = read(writer)) {
            assertThat(reader.getMetadata().ipVersion()).isEqualTo(4);
            assertThat(reader.get(ip("81.2.69.1"), Map.class)).isEqualTo(Map.of("city", "London"));
            assertThat(reader.get(ip("81.2.70.1"), Map.class)).isNull();
        }
    }

    @Test
    void the_metadata_says_what_the_file_is() throws Exception {
        Path file = MmdbWriter.ipv6("GeoIP2-City").languages("de", "en").description("en", "a test")
                .buildTime(Instant.parse("2026-01-01T00:00:00Z")).insert("1.0.0.0/8", Map.of("a", "b"))
                .write(dir.resolve("test.mmdb"));

        try (Reader reader = new Reader(file.toFile(), new CHMCache())) {
            Metadata metadata = reader.getMetadata();
            assertThat(metadata.databaseType()).isEqualTo("GeoIP2-City");
            assertThat(metadata.languages()).containsExactly("de", "en");
            assertThat(metadata.description()).isEqualTo(Map.of("en", "a test"));
            assertThat(metadata.ipVersion()).isEqualTo(6);
            assertThat(metadata.recordSize()).isEqualTo(24);
            assertThat(metadata.binaryFormatMajorVersion()).isEqualTo(2);
            assertThat(metadata.binaryFormatMinorVersion()).isEqualTo(0);
            assertThat(metadata.buildTime()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
            assertThat(metadata.nodeCount()).isGreaterThan(96);
        }
        assertThat(Files.list(dir)).containsExactly(file);
    }

    @Test
    void values_without_an_unambiguous_type_are_refused() {
        assertThatThrownBy(() -> MmdbWriter.ipv6("Test").insert("1.0.0.0/8", Map.of("n", 42)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("MmdbValue");
        assertThatThrownBy(() -> MmdbWriter.ipv6("Test").insert("example.com/8", Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MmdbValue.uint16(70_000)).isInstanceOf(IllegalArgumentException.class);
    }
}
