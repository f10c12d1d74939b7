package dev.eventfold.campaignaggregator.domain;

import dev.eventfold.model.Nullable;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Who a view counts as for unique visitors: the pixel's cookie id when it has one, otherwise a SHA-256 of IP and
 * user agent (never the raw address), so that a visitor is the same key on every page and every redelivery.
 */
public final class VisitorKey {

    private VisitorKey() {
    }

    public static String of(@Nullable String visitorId, String ip, @Nullable String userAgent) {
        if (visitorId != null && !visitorId.isBlank()) {
            return "id:" + visitorId.strip();
        }
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        String material = (ip == null ? "" : ip.strip()) + "\n" + (userAgent == null ? "" : userAgent);
        byte[] hash = sha256.digest(material.getBytes(StandardCharsets.UTF_8));
        return "ua:" + HexFormat.of().formatHex(hash, 0, 16);
    }
}
