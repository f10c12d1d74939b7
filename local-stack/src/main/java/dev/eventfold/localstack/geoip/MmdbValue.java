package dev.eventfold.localstack.geoip;

import java.math.BigInteger;

/**
 * The MaxMind DB data types that a Java value does not name by itself: Java has no unsigned integers, and an int
 * could be any of uint16, uint32 or int32. Strings, booleans, doubles, byte arrays, maps and lists map directly.
 */
public sealed interface MmdbValue {

    static MmdbValue uint16(int value) {
        if (value < 0 || value > 0xFFFF) {
            throw new IllegalArgumentException("uint16 out of range: " + value);
        }
        return new Unsigned(5, BigInteger.valueOf(value));
    }

    static MmdbValue uint32(long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("uint32 out of range: " + value);
        }
        return new Unsigned(6, BigInteger.valueOf(value));
    }

    static MmdbValue uint64(BigInteger value) {
        if (value.signum() < 0 || value.bitLength() > 64) {
            throw new IllegalArgumentException("uint64 out of range: " + value);
        }
        return new Unsigned(9, value);
    }

    static MmdbValue int32(int value) {
        return new Int32(value);
    }

    static MmdbValue float32(float value) {
        return new Float32(value);
    }

    /** uint16 (type 5), uint32 (6), uint64 (9) or uint128 (10). */
    record Unsigned(int type, BigInteger value) implements MmdbValue {
    }

    record Int32(int value) implements MmdbValue {
    }

    record Float32(float value) implements MmdbValue {
    }
}
