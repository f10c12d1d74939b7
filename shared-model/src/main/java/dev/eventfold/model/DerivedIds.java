package dev.eventfold.model;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Deterministic ids for derived events: a name-based (version 5, SHA-1) UUID of function name and source event
 * id, so that a redelivered input yields the same derived event and consumers can deduplicate it.
 */
public final class DerivedIds {

    /** Namespace of Eventfold's derived ids (a fixed random UUID). */
    public static final UUID NAMESPACE = UUID.fromString("6f1c0e9e-4d0b-4f51-9a0a-2f6b1f1e5e10");

    private DerivedIds() {
    }

    public static String derivedId(String functionName, String sourceEventId) {
        // Length-prefixed, so that no two (function, source) pairs share a name.
        return nameUuid(functionName.length() + ":" + functionName + sourceEventId).toString();
    }

    static UUID nameUuid(String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
        }
        ByteBuffer ns = ByteBuffer.allocate(16)
                .putLong(NAMESPACE.getMostSignificantBits())
                .putLong(NAMESPACE.getLeastSignificantBits());
        sha1.update(ns.array());
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50); // version 5
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80); // IETF variant
        ByteBuffer bb = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bb.getLong(), bb.getLong());
    }
}
