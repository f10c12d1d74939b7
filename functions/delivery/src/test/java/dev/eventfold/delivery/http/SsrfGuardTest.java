package dev.eventfold.delivery.http;

import dev.eventfold.delivery.domain.AddressPolicy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Resolution: a name is judged by every address it resolves to. */
class SsrfGuardTest {

    @Test
    void aNameResolvingToLoopbackIsRefusedUnlessLoopbackIsAllowed() {
        assertThatThrownBy(() -> SsrfGuard.resolve(new AddressPolicy(false, false, false), "localhost"))
                .isInstanceOf(SsrfGuard.RefusedException.class)
                .hasMessageContaining("loopback");
        assertThat(SsrfGuard.resolve(new AddressPolicy(true, false, false), "localhost").isLoopbackAddress()).isTrue();
    }

    @Test
    void aNameThatDoesNotResolveIsRefused() {
        assertThatThrownBy(() -> SsrfGuard.resolve(new AddressPolicy(true, true, true), "no-such-host.invalid"))
                .isInstanceOf(SsrfGuard.RefusedException.class)
                .hasMessageContaining("does not resolve");
    }
}
