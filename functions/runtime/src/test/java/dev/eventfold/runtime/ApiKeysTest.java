package dev.eventfold.runtime;

import dev.eventfold.runtime.tenancy.ApiKeys;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The API-key hash and the headers a key travels in, without a container. */
class ApiKeysTest {

    @Test
    void hashIsHmacSha256OfTheKeyWithThePepperAsLowerCaseHex() {
        // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?"
        assertThat(ApiKeys.hash("Jefe", "what do ya want for nothing?"))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void aDifferentPepperGivesADifferentHash() {
        assertThat(ApiKeys.hash("one", "key")).isNotEqualTo(ApiKeys.hash("two", "key"));
    }

    @Test
    void theKeyComesFromXApiKeyFirstThenABearerToken() {
        assertThat(ApiKeys.fromHeaders(" k1 ", "Bearer k2")).isEqualTo("k1");
        assertThat(ApiKeys.fromHeaders(null, "Bearer k2")).isEqualTo("k2");
        assertThat(ApiKeys.fromHeaders("", "bearer k3")).isEqualTo("k3");
    }

    @Test
    void noKeyWithoutEitherHeaderOrWithAnotherScheme() {
        assertThat(ApiKeys.fromHeaders(null, null)).isNull();
        assertThat(ApiKeys.fromHeaders(null, "Basic dXNlcjpwdw==")).isNull();
        assertThat(ApiKeys.fromHeaders(null, "Bearer   ")).isNull();
    }
}
