package dev.eventfold.runtime.observe;

import dev.eventfold.model.EventType;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** A new event type cannot be forgotten in the native image's reflection registration. */
class ContractReflectionTest {

    @Test
    void registersEveryPayloadOfTheCatalog() {
        Class<?>[] registered = ContractReflection.class.getAnnotation(RegisterForReflection.class).targets();

        assertThat(registered).contains(Arrays.stream(EventType.values()).map(EventType::payloadClass).toArray(Class[]::new));
    }
}
