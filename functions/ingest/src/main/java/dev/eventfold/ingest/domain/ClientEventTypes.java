package dev.eventfold.ingest.domain;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.model.ValidationException;
import dev.eventfold.model.Violation;

import java.util.ArrayList;
import java.util.List;

/**
 * Control-plane events (organizations and their API keys) are not tenant input: only ingest's admin API issues
 * them. A client's request carrying one is refused whole, naming the {@code type} of each such event.
 */
public final class ClientEventTypes {

    private ClientEventTypes() {
    }

    /** Throws (400, one violation per event) unless every event's type is {@link EventType#clientSubmittable()}. */
    public static void requireClientSubmittable(List<CloudEvent> events, boolean batch) {
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            CloudEvent event = events.get(i);
            if (EventType.of(event.type()).map(EventType::controlPlane).orElse(false)) {
                violations.add(new Violation(batch ? "[" + i + "].type" : "type", "\"" + event.type()
                        + "\" is a control-plane event: only the admin API issues it, clients cannot send it"));
            }
        }
        if (!violations.isEmpty()) {
            throw new ValidationException(violations);
        }
    }
}
