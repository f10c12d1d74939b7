package dev.eventfold.ingest.api;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Without {@code eventfold.admin.token} the admin API refuses every call, before looking at anything else. */
class AdminDisabledTest {

    @Test
    void everyAdminCallIsRefusedWhileTheTokenIsUnset() {
        AdminResource admin = new AdminResource(null, null, "pepper", Optional.empty());

        var response = admin.create(null, "{\"name\":\"Acme\"}".getBytes());

        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(response.getMediaType().toString()).isEqualTo(dev.eventfold.runtime.http.Problem.MEDIA_TYPE);
    }

    @Test
    void aBlankTokenCountsAsUnset() {
        AdminResource admin = new AdminResource(null, null, "pepper", Optional.of("  "));

        assertThat(admin.create(null, new byte[0]).getStatus()).isEqualTo(403);
    }
}
