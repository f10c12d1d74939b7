package dev.eventfold.integrations.domain;

import dev.eventfold.model.EventType;
import dev.eventfold.model.payload.UserState;

import java.time.Instant;

/** A user's state as user-aggregator derived it ({@code user.state.updated} from the users topic). */
public record ContactChanged(String eventId, String orgId, Instant time, UserState user) implements IntegrationEvent {

    @Override
    public EventType type() {
        return EventType.USER_STATE_UPDATED;
    }
}
