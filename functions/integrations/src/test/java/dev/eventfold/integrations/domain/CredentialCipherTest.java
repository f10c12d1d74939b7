package dev.eventfold.integrations.domain;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialCipherTest {

    final byte[] key = new byte[32];
    final CredentialCipher cipher = new CredentialCipher(key);

    @Test
    void roundTripsAndNeverStoresThePlaintext() {
        String sealed = cipher.encrypt("pat-na1-secret-token", "org-1/d1");

        assertThat(sealed).startsWith("v1:").doesNotContain("secret");
        assertThat(cipher.decrypt(sealed, "org-1/d1")).isEqualTo("pat-na1-secret-token");
        assertThat(cipher.encrypt("pat-na1-secret-token", "org-1/d1")).isNotEqualTo(sealed); // fresh nonce
    }

    @Test
    void aCiphertextMovedToAnotherDestinationOrKeyDoesNotDecrypt() {
        String sealed = cipher.encrypt("token", "org-1/d1");
        byte[] other = new byte[32];
        Arrays.fill(other, (byte) 1);

        assertThatThrownBy(() -> cipher.decrypt(sealed, "org-2/d1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CredentialCipher(other).decrypt(sealed, "org-1/d1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keysMustBe256Bits() {
        assertThatThrownBy(() -> new CredentialCipher(new byte[16])).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> CredentialCipher.fromBase64("not base64!")).hasMessageContaining("base64");
    }

    @Test
    void theHintShowsOnlyTheLastFourCharacters() {
        assertThat(CredentialCipher.hint("pat-na1-abcdefgh-1234")).isEqualTo("…1234");
        assertThat(CredentialCipher.hint("short")).isEqualTo("****");
    }
}
