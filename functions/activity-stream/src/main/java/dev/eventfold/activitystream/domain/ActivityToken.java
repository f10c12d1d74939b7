package dev.eventfold.activitystream.domain;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * The short-lived credential a browser opens its socket with, so that the API key never travels in a URL:
 * {@code base64url(org).expiry-epoch-seconds.base64url(HMAC-SHA256(key, "v1|org|expiry"))}. Any replica holding
 * the same key verifies it; nothing is stored. Pure (the caller passes the time).
 */
public final class ActivityToken {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final int MAX_LENGTH = 1024;

    private final byte[] key;
    private final Duration ttl;

    public ActivityToken(String signingKey, Duration ttl) {
        this.key = signingKey.getBytes(StandardCharsets.UTF_8);
        this.ttl = ttl;
    }

    public record Issued(String token, Instant expiresAt) {
    }

    public Issued issue(String orgId, Instant now) {
        Instant expiresAt = now.plus(ttl);
        long expiry = expiresAt.getEpochSecond();
        String org = B64.encodeToString(orgId.getBytes(StandardCharsets.UTF_8));
        return new Issued(org + "." + expiry + "." + B64.encodeToString(mac(orgId, expiry)), Instant.ofEpochSecond(expiry));
    }

    /** The organization of a well-signed token that has not expired at {@code now}; empty otherwise. */
    public Optional<String> verify(String token, Instant now) {
        if (token == null || token.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            String orgId = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
            long expiry = Long.parseLong(parts[1]);
            byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
            if (!MessageDigest.isEqual(signature, mac(orgId, expiry)) || now.getEpochSecond() >= expiry) {
                return Optional.empty();
            }
            return Optional.of(orgId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(String orgId, long expiry) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(("v1|" + orgId + "|" + expiry).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
