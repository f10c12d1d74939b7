package dev.eventfold.ingest.domain;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Keys are long random strings, read from X-Api-Key or a Bearer token, stored only as their peppered hash. */
class ApiKeyFormatTest {

    @Test
    void newKeysAreDistinctAndPrefixed() {
        String a = ApiKeyFormat.newKey();
        String b = ApiKeyFormat.newKey();
        assertThat(a).startsWith("efk_").hasSize(4 + 43).isNotEqualTo(b);
    }

    @Test
    void presentedKeyPrefersTheApiKeyHeader() {
        assertThat(ApiKeyFormat.presented("efk_a", "Bearer efk_b")).isEqualTo("efk_a");
        assertThat(ApiKeyFormat.presented(null, "bearer efk_b")).isEqualTo("efk_b");
        assertThat(ApiKeyFormat.presented(" ", "Basic xyz")).isNull();
        assertThat(ApiKeyFormat.presented(null, "Bearer ")).isNull();
    }

    @Test
    void hashIsPepperedHmacAndNeverTheKey() {
        String hash = KeyHash.hash("pepper", "efk_a");
        assertThat(hash).hasSize(64).matches("[0-9a-f]+").doesNotContain("efk_a");
        assertThat(KeyHash.hash("pepper", "efk_a")).isEqualTo(hash);
        assertThat(KeyHash.hash("other", "efk_a")).isNotEqualTo(hash);
        // RFC 4231 test case 2
        assertThat(KeyHash.hash("Jefe", "what do ya want for nothing?"))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }
}
