package dev.eventfold.runtime.processing;

import io.quarkus.runtime.LaunchMode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A stateful function started in production mode with the development pepper refuses to start. */
class RuntimeConfigTest {

    @Test
    void productionModeWithTheDevelopmentPepperIsRefused() {
        assertThatThrownBy(() -> RuntimeConfig.checkPepper(LaunchMode.NORMAL, StateConfig.DEV_PEPPER))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("eventfold.api-key.pepper");
    }

    @Test
    void productionModeWithAConfiguredPepperStarts() {
        assertThatCode(() -> RuntimeConfig.checkPepper(LaunchMode.NORMAL, "a-secret-pepper")).doesNotThrowAnyException();
    }

    @Test
    void devAndTestModesMayUseTheDevelopmentPepper() {
        assertThatCode(() -> RuntimeConfig.checkPepper(LaunchMode.TEST, StateConfig.DEV_PEPPER)).doesNotThrowAnyException();
        assertThatCode(() -> RuntimeConfig.checkPepper(LaunchMode.DEVELOPMENT, StateConfig.DEV_PEPPER)).doesNotThrowAnyException();
    }
}
