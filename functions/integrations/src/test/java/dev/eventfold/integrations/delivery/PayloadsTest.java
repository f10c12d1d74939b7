package dev.eventfold.integrations.delivery;

import dev.eventfold.integrations.domain.IntegrationEvent;
import org.junit.jupiter.api.Test;

import static dev.eventfold.integrations.domain.Samples.contact;
import static dev.eventfold.integrations.domain.Samples.visit;
import static org.assertj.core.api.Assertions.assertThat;

class PayloadsTest {

    @Test
    void theQueuedPayloadIsTheTranslatorsInputAgain() {
        for (IntegrationEvent event : new IntegrationEvent[] {contact("u1", "a@example.com", "A B"),
                visit("e-1", "p-1", "a@example.com"), visit("e-2", "p-2", null)}) {
            assertThat(Payloads.decode(Payloads.encode(event))).isEqualTo(event);
        }
    }
}
