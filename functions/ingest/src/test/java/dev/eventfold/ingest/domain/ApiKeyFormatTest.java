package dev.eventfold.ingest.domain;

import dev.eventfold.runtime.tenancy.ApiKeys;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Keys are long random strings, stored only as their peppered hash (the runtime's {@link ApiKeys#hash}). */
class ApiKeyFormatTest {

    @Test
    void newKeysAreDistinctPrefixedAndCarry256Bits() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            keys.add(ApiKeyFormat.newKey());
        }
        assertThat(keys).hasSize(100).allSatisfy(k -> assertThat(k).startsWith("efk_").hasSize(4 + 43).matches("efk_[A-Za-z0-9_-]+"));
    }

    @Test
    void storedFormIsThePepperedHashNeverTheKey() {
        String key = ApiKeyFormat.newKey();
        String hash = ApiKeys.hash("pepper", key);
        assertThat(hash).hasSize(64).matches("[0-9a-f]+").doesNotContain(key.substring(4));
        assertThat(ApiKeys.hash("other", key)).isNotEqualTo(hash);
    }
}
