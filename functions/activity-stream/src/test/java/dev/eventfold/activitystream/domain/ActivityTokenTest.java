package dev.eventfold.activitystream.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ActivityTokenTest {

    private final ActivityToken tokens = new ActivityToken("key", Duration.ofSeconds(60));
    private final Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aTokenNamesItsOrganizationUntilItExpires() {
        String token = tokens.issue("org-a", now).token();
        assertThat(tokens.verify(token, now.plusSeconds(59))).contains("org-a");
        assertThat(tokens.verify(token, now.plusSeconds(60))).isEmpty();
    }

    @Test
    void aTokenSignedWithAnotherKeyOrAlteredIsRefused() {
        String token = tokens.issue("org-a", now).token();
        assertThat(new ActivityToken("other", Duration.ofSeconds(60)).verify(token, now)).isEmpty();
        String[] parts = token.split("\\.");
        String otherOrg = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("org-b".getBytes());
        assertThat(tokens.verify(otherOrg + "." + parts[1] + "." + parts[2], now)).isEmpty();
        assertThat(tokens.verify(parts[0] + "." + (Long.parseLong(parts[1]) + 3600) + "." + parts[2], now)).isEmpty();
        assertThat(tokens.verify("garbage", now)).isEmpty();
        assertThat(tokens.verify(null, now)).isEmpty();
    }
}
