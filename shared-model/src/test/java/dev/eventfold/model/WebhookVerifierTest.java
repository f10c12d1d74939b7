package dev.eventfold.model;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookVerifierTest {

    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString("0123456789abcdef0123".getBytes());
    private static final String OTHER = "whsec_" + Base64.getEncoder().encodeToString("another-secret-bytes".getBytes());
    private static final byte[] BODY = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private static WebhookVerifier verifier(String secret) {
        return new WebhookVerifier(secret, Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static Map<String, String> headers(long ts, String signature) {
        return Map.of("webhook-id", "evt-1", "webhook-timestamp", Long.toString(ts), "webhook-signature", signature);
    }

    @Test
    void matchesTheStandardWebhooksReferenceSignature() {
        // the example of the Standard Webhooks spec's test vectors
        String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        String body = "{\"test\": 2432232314}";
        assertThat(WebhookVerifier.sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                body.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void acceptsTheRightSecretAndRefusesAWrongOneOrAnOldTimestamp() {
        long ts = NOW.getEpochSecond();
        Map<String, String> good = headers(ts, WebhookVerifier.sign(SECRET, "evt-1", ts, BODY));
        assertThatCode(() -> verifier(SECRET).verify(good::get, BODY)).doesNotThrowAnyException();
        assertThatThrownBy(() -> verifier(OTHER).verify(good::get, BODY))
                .isInstanceOf(WebhookVerifier.InvalidWebhookException.class);
        assertThatThrownBy(() -> verifier(SECRET).verify(good::get, "{\"a\":2}".getBytes()))
                .isInstanceOf(WebhookVerifier.InvalidWebhookException.class);
        long old = ts - 301;
        Map<String, String> stale = headers(old, WebhookVerifier.sign(SECRET, "evt-1", old, BODY));
        assertThatThrownBy(() -> verifier(SECRET).verify(stale::get, BODY))
                .hasMessageContaining("tolerance");
    }

    @Test
    void anyOfSeveralSpaceSeparatedSignaturesMayMatch() {
        long ts = NOW.getEpochSecond();
        String both = WebhookVerifier.sign(OTHER, "evt-1", ts, BODY) + " " + WebhookVerifier.sign(SECRET, "evt-1", ts, BODY);
        assertThatCode(() -> verifier(SECRET).verify(headers(ts, both)::get, BODY)).doesNotThrowAnyException();
        assertThatCode(() -> verifier(OTHER).verify(headers(ts, both)::get, BODY)).doesNotThrowAnyException();
    }
}
