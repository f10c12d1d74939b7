package dev.eventfold.integrations.domain;

import dev.eventfold.model.Nullable;

import java.time.Duration;

/**
 * What became of one item of a batch, as the delivery machinery takes it: delivered; retry (after the tool's
 * {@code Retry-After} when it named one, else on the schedule); abort (this item can never be accepted); or a
 * verdict on the whole destination (its credentials were refused: pause it until a person fixes them).
 */
public sealed interface ItemOutcome {

    record Delivered() implements ItemOutcome {
    }

    record Retry(@Nullable Duration after, String reason) implements ItemOutcome {
    }

    record Abort(String reason) implements ItemOutcome {
    }

    record PauseDestination(String reason) implements ItemOutcome {
    }

    ItemOutcome DELIVERED = new Delivered();
}
