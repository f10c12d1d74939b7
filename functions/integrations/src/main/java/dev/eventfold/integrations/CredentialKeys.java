package dev.eventfold.integrations;

import dev.eventfold.integrations.domain.CredentialCipher;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The credential cipher of this deployment, from {@code eventfold.integrations.credential-key}. Production mode
 * refuses to start without a key, or with the development one (like the runtime's pepper check): credentials
 * sealed by a key anyone can read are not sealed.
 */
@ApplicationScoped
public class CredentialKeys {

    /** Development and tests only: 32 known bytes. */
    static final String DEV_KEY = Base64.getEncoder().encodeToString(
            "eventfold-dev-credential-key-32b".getBytes(StandardCharsets.US_ASCII));

    private final CredentialCipher cipher;

    CredentialKeys(IntegrationsConfig config) {
        this.cipher = CredentialCipher.fromBase64(config.credentialKey().orElse(DEV_KEY));
    }

    void check(@Observes StartupEvent start, IntegrationsConfig config) {
        check(LaunchMode.current(), config.credentialKey());
    }

    /** Refuses a missing or development key in production mode (the check of startup, testable alone). */
    static void check(LaunchMode mode, Optional<String> key) {
        if (mode == LaunchMode.NORMAL && (key.isEmpty() || key.get().isBlank() || key.get().trim().equals(DEV_KEY))) {
            throw new IllegalStateException("eventfold.integrations.credential-key is not set: set "
                    + "EVENTFOLD_INTEGRATIONS_CREDENTIAL_KEY from a Secret (base64 of 32 random bytes)");
        }
    }

    public CredentialCipher cipher() {
        return cipher;
    }
}
