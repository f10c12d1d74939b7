package dev.eventfold.integrations;

import io.quarkus.runtime.LaunchMode;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialKeysTest {

    @Test
    void productionRefusesToStartWithoutAKeyOrWithTheDevelopmentOne() {
        assertThatThrownBy(() -> CredentialKeys.check(LaunchMode.NORMAL, Optional.empty()))
                .hasMessageContaining("EVENTFOLD_INTEGRATIONS_CREDENTIAL_KEY");
        assertThatThrownBy(() -> CredentialKeys.check(LaunchMode.NORMAL, Optional.of(CredentialKeys.DEV_KEY)))
                .isInstanceOf(IllegalStateException.class);
        assertThatCode(() -> CredentialKeys.check(LaunchMode.NORMAL, Optional.of("c2VjcmV0LWtleS1vZi0zMi1ieXRlcy0xMjM0NTY3OA==")))
                .doesNotThrowAnyException();
        assertThatCode(() -> CredentialKeys.check(LaunchMode.TEST, Optional.empty())).doesNotThrowAnyException();
    }
}
