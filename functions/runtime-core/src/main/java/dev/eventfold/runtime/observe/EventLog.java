package dev.eventfold.runtime.observe;

import dev.eventfold.model.CloudEvent;
import org.jboss.logging.MDC;

/** Log lines about one event carry its CloudEvent id in the MDC key {@code ce_id} (use {@code %X{ce_id}}). */
public final class EventLog {

    public static final String MDC_EVENT_ID = "ce_id";

    private EventLog() {
    }

    /** Runs {@code log} with {@code ce_id} set to the event's id, restoring the previous value afterwards. */
    public static void withEventId(CloudEvent event, Runnable log) {
        Object previous = MDC.get(MDC_EVENT_ID);
        MDC.put(MDC_EVENT_ID, event.id());
        try {
            log.run();
        } finally {
            if (previous == null) {
                MDC.remove(MDC_EVENT_ID);
            } else {
                MDC.put(MDC_EVENT_ID, previous);
            }
        }
    }
}
