package dev.eventfold.model;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Function;

/**
 * Verifies a webhook delivery as the Standard Webhooks spec defines it (and computes the signature the sender
 * puts in {@code webhook-signature}). A receiver needs three lines:
 * <pre>{@code
 * WebhookVerifier verifier = new WebhookVerifier("whsec_...");
 * verifier.verify(request::header, body);   // throws WebhookVerifier.InvalidWebhookException
 * }</pre>
 * The signature is {@code v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">} keyed by the
 * base64-decoded secret after {@code whsec_}; during a secret rotation the header holds several, space-separated.
 */
public final class WebhookVerifier {

    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";
    public static final String SECRET_PREFIX = "whsec_";
    /** The default window around now in which a timestamp is accepted (replay protection). */
    public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

    private final byte[] key;
    private final Duration tolerance;
    private final Clock clock;

    public WebhookVerifier(String secret) {
        this(secret, DEFAULT_TOLERANCE, Clock.systemUTC());
    }

    public WebhookVerifier(String secret, Duration tolerance, Clock clock) {
        this.key = keyOf(secret);
        this.tolerance = tolerance;
        this.clock = clock;
    }

    /** Thrown when a delivery is not authentic or too old. */
    public static final class InvalidWebhookException extends RuntimeException {
        public InvalidWebhookException(String message) {
            super(message);
        }
    }

    /** Verifies the delivery given its headers (looked up by lower-case name) and its raw body. */
    public void verify(Function<String, String> headers, byte[] body) {
        String id = headers.apply(ID);
        String timestamp = headers.apply(TIMESTAMP);
        String signatures = headers.apply(SIGNATURE);
        if (id == null || timestamp == null || signatures == null) {
            throw new InvalidWebhookException("missing webhook-id, webhook-timestamp or webhook-signature");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw new InvalidWebhookException("webhook-timestamp is not a number of seconds");
        }
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - seconds) > tolerance.toSeconds()) {
            throw new InvalidWebhookException("webhook-timestamp outside the tolerance of " + tolerance);
        }
        byte[] expected = hmac(key, id, seconds, body);
        for (String candidate : signatures.trim().split(" +")) {
            int comma = candidate.indexOf(',');
            if (comma > 0 && candidate.substring(0, comma).equals("v1")) {
                byte[] given;
                try {
                    given = Base64.getDecoder().decode(candidate.substring(comma + 1));
                } catch (IllegalArgumentException e) {
                    continue;
                }
                if (MessageDigest.isEqual(expected, given)) {
                    return;
                }
            }
        }
        throw new InvalidWebhookException("no matching v1 signature");
    }

    /** The {@code v1,<base64>} signature of a delivery with this secret. */
    public static String sign(String secret, String id, long timestampSeconds, byte[] body) {
        return "v1," + Base64.getEncoder().encodeToString(hmac(keyOf(secret), id, timestampSeconds, body));
    }

    private static byte[] keyOf(String secret) {
        String encoded = secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
        return Base64.getDecoder().decode(encoded);
    }

    /** One Mac per thread: {@code Mac.getInstance} looks the provider up each time, a cost on every delivery. */
    private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    });

    private static byte[] hmac(byte[] key, String id, long timestamp, byte[] body) {
        try {
            Mac mac = MAC.get();
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
