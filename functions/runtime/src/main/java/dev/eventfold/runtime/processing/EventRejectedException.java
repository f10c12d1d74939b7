package dev.eventfold.runtime.processing;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.ValidationException;

/** A {@link ValidationException} that names the one event of a batch that can never apply. */
public class EventRejectedException extends ValidationException {

    private final transient CloudEvent event;

    public EventRejectedException(CloudEvent event, ValidationException cause) {
        super(cause.violations());
        initCause(cause);
        this.event = event;
    }

    static EventRejectedException of(CloudEvent event, Throwable failure) {
        if (failure instanceof EventRejectedException rejected) {
            return rejected;
        }
        return new EventRejectedException(event, (ValidationException) failure);
    }

    public CloudEvent event() {
        return event;
    }
}
