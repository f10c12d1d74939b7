package dev.eventfold.localstack.geoip;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes a MaxMind DB file (format 2.0, https://maxmind.github.io/MaxMind-DB/): the search tree, 16 zero bytes,
 * the data section, then the metadata after its marker. An IPv6 database holds IPv4 networks under ::/96, aliased
 * from ::ffff:0:0/96; an IPv4 database ({@code ip_version} 4) holds IPv4 networks only.
 */
public final class MmdbWriter {

    private static final byte[] METADATA_MARKER = concat(new byte[] {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF},
            "MaxMind.com".getBytes(StandardCharsets.US_ASCII));
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final int ipVersion;
    private final String databaseType;
    private final SearchTree tree;
    private final DataSectionWriter data = new DataSectionWriter(true);
    private final Map<String, String> description = new LinkedHashMap<>();
    private List<String> languages = List.of();
    private Instant buildTime = Instant.now();
    private int recordSize = 24;

    private MmdbWriter(int ipVersion, String databaseType) {
        this.ipVersion = ipVersion;
        this.databaseType = databaseType;
        this.tree = new SearchTree(ipVersion == 6 ? 128 : 32);
    }

    /** An IPv6 database (IPv4 networks too) of the given {@code database_type}, e.g. {@code GeoIP2-City}. */
    public static MmdbWriter ipv6(String databaseType) {
        return new MmdbWriter(6, databaseType);
    }

    /** An IPv4-only database ({@code ip_version} 4), as DB-IP's {@code city ipv4}. */
    public static MmdbWriter ipv4(String databaseType) {
        return new MmdbWriter(4, databaseType);
    }

    public MmdbWriter languages(String... languages) {
        this.languages = List.of(languages);
        return this;
    }

    public MmdbWriter description(String language, String text) {
        description.put(language, text);
        return this;
    }

    public MmdbWriter buildTime(Instant buildTime) {
        this.buildTime = buildTime;
        return this;
    }

    /** Records of 24 (the default), 28 or 32 bits; a tree too large for the size asked for gets the next larger one. */
    public MmdbWriter recordSize(int bits) {
        if (bits != 24 && bits != 28 && bits != 32) {
            throw new IllegalArgumentException("record size 24, 28 or 32, not " + bits);
        }
        this.recordSize = bits;
        return this;
    }

    /**
     * Gives every address of {@code network} (CIDR, e.g. {@code 81.2.69.160/27} or {@code 2001:480:10::/48}) the
     * record {@code value}; a network inserted later wins where it overlaps an earlier one.
     */
    public MmdbWriter insert(String network, Object value) {
        int slash = network.indexOf('/');
        String address = slash < 0 ? network : network.substring(0, slash);
        boolean v4 = IPV4.matcher(address).matches();
        if (!v4 && !address.contains(":")) {
            throw new IllegalArgumentException("not a numeric network: " + network);
        }
        byte[] bytes = parse(address);
        if (!v4 && bytes.length == 4) {
            throw new IllegalArgumentException(network + ": write IPv4-mapped networks as IPv4");
        }
        int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(network.substring(slash + 1));
        if (v4 && ipVersion == 6) {
            bytes = concat(new byte[12], bytes);
            prefix += 96;
        } else if (!v4 && ipVersion == 4) {
            throw new IllegalArgumentException(network + ": an IPv4 database holds IPv4 networks only");
        }
        tree.insert(bytes, prefix, data.add(value));
        return this;
    }

    public byte[] toBytes() {
        if (ipVersion == 6) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xFF;
            mapped[11] = (byte) 0xFF;
            tree.alias(mapped, new byte[16], 96);
        }
        SearchTree.Encoded encoded = tree.encode(recordSize);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("binary_format_major_version", MmdbValue.uint16(2));
        metadata.put("binary_format_minor_version", MmdbValue.uint16(0));
        metadata.put("build_epoch", MmdbValue.uint64(BigInteger.valueOf(buildTime.getEpochSecond())));
        metadata.put("database_type", databaseType);
        metadata.put("description", Map.copyOf(description));
        metadata.put("ip_version", MmdbValue.uint16(ipVersion));
        metadata.put("languages", languages);
        metadata.put("node_count", MmdbValue.uint32(encoded.nodeCount()));
        metadata.put("record_size", MmdbValue.uint16(encoded.recordSize()));
        DataSectionWriter metadataWriter = new DataSectionWriter(false);
        metadataWriter.add(metadata);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(encoded.bytes());
        out.writeBytes(new byte[16]);
        out.writeBytes(data.toBytes());
        out.writeBytes(METADATA_MARKER);
        out.writeBytes(metadataWriter.toBytes());
        return out.toByteArray();
    }

    /** Writes the database to {@code file} (through a sibling temporary file, so a reader never sees half of it). */
    public Path write(Path file) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(temporary, toBytes());
        return Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static byte[] parse(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress(); // a numeric literal: no name lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + literal, e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
