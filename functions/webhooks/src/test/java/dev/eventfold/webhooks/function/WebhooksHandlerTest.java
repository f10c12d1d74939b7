package dev.eventfold.webhooks.function;

import dev.eventfold.model.EventType;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class WebhooksHandlerTest {

    @Test
    void consumesEveryDerivedTypeOfTheCatalogAndNothingElse() {
        assertThat(WebhooksHandler.CONSUMES)
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(EventType.values()).filter(EventType::derived).toList());
    }
}
