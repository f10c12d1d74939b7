package dev.eventfold.model;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Deterministic ids for derived events: a name-based (version 5, SHA-1) UUID of function name and the source
 * event's identity (organization, source, id), so that a redelivered input yields the same derived event and
 * consumers can deduplicate it, while the same id sent by two tenants or two sources derives two events.
 */
public final class DerivedIds {

    /** Namespace of Eventfold's derived ids (a fixed random UUID). */
    public static final UUID NAMESPACE = UUID.fromString("6f1c0e9e-4d0b-4f51-9a0a-2f6b1f1e5e10");

    private DerivedIds() {
    }

    /** The id of what {@code functionName} derives from the event with this identity. */
    public static String derivedId(String functionName, EventIdentity source) {
        return derivedId(functionName, source.orgId(), source.source(), source.id());
    }

    /** The id of what {@code functionName} derives from {@code sourceEvent}. */
    public static String derivedId(String functionName, CloudEvent sourceEvent) {
        return derivedId(functionName, sourceEvent.identity());
    }

    /** The id of what {@code functionName} derives from event {@code id} of {@code source} in {@code orgId}. */
    public static String derivedId(String functionName, String orgId, String source, String id) {
        String org = orgId == null ? "" : orgId;
        // Length-prefixed, so that no two (function, organization, source, id) tuples share a name.
        return nameUuid(functionName.length() + ":" + functionName + org.length() + ":" + org
                + source.length() + ":" + source + id).toString();
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
