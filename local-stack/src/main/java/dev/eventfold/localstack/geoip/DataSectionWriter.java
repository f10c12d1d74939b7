package dev.eventfold.localstack.geoip;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes values in the MaxMind DB data section format (a control byte with type and size, then the payload). A
 * string, map or list already written is written again as a pointer to its first copy, as real databases do.
 */
final class DataSectionWriter {

    private static final int POINTER = 1;
    private static final int STRING = 2;
    private static final int DOUBLE = 3;
    private static final int BYTES = 4;
    private static final int MAP = 7;
    private static final int INT32 = 8;
    private static final int ARRAY = 11;
    private static final int BOOLEAN = 14;
    private static final int FLOAT = 15;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Map<Object, Integer> written = new HashMap<>();
    private final boolean pointers;

    /** @param pointers whether repeated values become pointers (not in the metadata, whose pointers have another base) */
    DataSectionWriter(boolean pointers) {
        this.pointers = pointers;
    }

    /** Writes {@code value} (or finds its earlier copy); its offset from the start of the section. */
    int add(Object value) {
        Integer earlier = pointers ? written.get(value) : null;
        if (earlier != null) {
            return earlier;
        }
        int offset = out.size();
        write(value);
        return offset;
    }

    byte[] toBytes() {
        return out.toByteArray();
    }

    private void write(Object value) {
        if (value instanceof String || value instanceof Map || value instanceof List) {
            Integer earlier = pointers ? written.get(value) : null;
            if (earlier != null) {
                pointer(earlier);
                return;
            }
            if (pointers) {
                written.put(value, out.size());
            }
        }
        if (value instanceof String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            control(STRING, utf8.length);
            out.writeBytes(utf8);
        } else if (value instanceof Map<?, ?> map) {
            control(MAP, map.size());
            map.forEach((key, v) -> {
                if (!(key instanceof String)) {
                    throw new IllegalArgumentException("map keys are strings, not " + key);
                }
                write(key);
                write(v);
            });
        } else if (value instanceof List<?> list) {
            control(ARRAY, list.size());
            list.forEach(this::write);
        } else if (value instanceof Boolean b) {
            control(BOOLEAN, b ? 1 : 0);
        } else if (value instanceof Double d) {
            control(DOUBLE, 8);
            out.writeBytes(ByteBuffer.allocate(8).putDouble(d).array());
        } else if (value instanceof byte[] bytes) {
            control(BYTES, bytes.length);
            out.writeBytes(bytes);
        } else if (value instanceof MmdbValue.Float32 f) {
            control(FLOAT, 4);
            out.writeBytes(ByteBuffer.allocate(4).putFloat(f.value()).array());
        } else if (value instanceof MmdbValue.Int32 i) {
            control(INT32, 4);
            out.writeBytes(ByteBuffer.allocate(4).putInt(i.value()).array());
        } else if (value instanceof MmdbValue.Unsigned u) {
            byte[] bytes = unsignedBytes(u.value());
            control(u.type(), bytes.length);
            out.writeBytes(bytes);
        } else {
            throw new IllegalArgumentException("no MaxMind DB type for " + (value == null ? "null"
                    : value.getClass().getName() + " (use MmdbValue for integers and floats)"));
        }
    }

    /** Big-endian, without leading zero bytes (zero is no bytes at all). */
    private static byte[] unsignedBytes(BigInteger value) {
        byte[] bytes = value.toByteArray();
        int skip = 0;
        while (skip < bytes.length && bytes[skip] == 0) {
            skip++;
        }
        byte[] trimmed = new byte[bytes.length - skip];
        System.arraycopy(bytes, skip, trimmed, 0, trimmed.length);
        return trimmed;
    }

    /** The control byte (type in the top 3 bits; types above 7 as 0 plus an extended-type byte) and the size. */
    private void control(int type, int size) {
        int sizeBits = size < 29 ? size : size < 285 ? 29 : size < 65_821 ? 30 : 31;
        out.write((type <= 7 ? type << 5 : 0) | sizeBits);
        if (type > 7) {
            out.write(type - 7);
        }
        if (sizeBits == 29) {
            out.write(size - 29);
        } else if (sizeBits == 30) {
            int extra = size - 285;
            out.write(extra >>> 8);
            out.write(extra);
        } else if (sizeBits == 31) {
            int extra = size - 65_821;
            out.write(extra >>> 16);
            out.write(extra >>> 8);
            out.write(extra);
        }
    }

    /** A pointer to {@code offset}: 11, 19, 27 or 32 bits of value, the smaller ones with a bias. */
    private void pointer(int offset) {
        if (offset < 2048) {
            out.write(POINTER << 5 | offset >>> 8);
            out.write(offset);
        } else if (offset < 526_336) {
            int v = offset - 2048;
            out.write(POINTER << 5 | 1 << 3 | v >>> 16);
            out.write(v >>> 8);
            out.write(v);
        } else if (offset < 134_744_064) {
            int v = offset - 526_336;
            out.write(POINTER << 5 | 2 << 3 | v >>> 24);
            out.write(v >>> 16);
            out.write(v >>> 8);
            out.write(v);
        } else {
            out.write(POINTER << 5 | 3 << 3);
            out.writeBytes(ByteBuffer.allocate(4).putInt(offset).array());
        }
    }
}
