package dev.eventfold.geoenricher.function;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.Nullable;
import dev.eventfold.model.Violation;
import dev.eventfold.model.payload.PageViewEnriched;
import dev.eventfold.model.payload.PageViewed;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** For native images: the contract's records this function binds with Jackson and validates by reflection. */
@RegisterForReflection(targets = {CloudEvent.class, Violation.class, Nullable.class, PageViewed.class, PageViewEnriched.class})
final class ContractReflection {

    private ContractReflection() {
    }
}
