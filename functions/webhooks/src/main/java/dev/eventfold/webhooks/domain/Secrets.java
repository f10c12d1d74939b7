package dev.eventfold.webhooks.domain;

import dev.eventfold.model.WebhookVerifier;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Endpoint secrets: {@code whsec_<base64 of 24 random bytes>}, and the signature header for the secrets in force. */
public final class Secrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    public static String generate() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return WebhookVerifier.SECRET_PREFIX + Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * The {@code webhook-signature} value: the current secret's signature, and during a rotation's grace period
     * (while {@code now} is before {@code previousExpiresAt}) the previous secret's too, space-separated.
     */
    public static String signatureHeader(String secret, String previous, Instant previousExpiresAt, Instant now,
                                         String id, long timestamp, byte[] body) {
        List<String> signatures = new ArrayList<>(2);
        signatures.add(WebhookVerifier.sign(secret, id, timestamp, body));
        if (previous != null && previousExpiresAt != null && now.isBefore(previousExpiresAt)) {
            signatures.add(WebhookVerifier.sign(previous, id, timestamp, body));
        }
        return String.join(" ", signatures);
    }
}
