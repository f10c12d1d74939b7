package dev.eventfold.useraggregator.domain;

import dev.eventfold.model.Nullable;
import dev.eventfold.model.payload.UserState;

import java.time.Instant;
import java.util.List;

/** The user as the projection holds it (without the login history), the state the aggregator folds into. */
public record User(
        String id,
        String orgId,
        String name,
        String email,
        List<String> roles,
        Instant createdAt,
        Instant updatedAt,
        long loginCount,
        long failedLoginCount,
        @Nullable Instant lastLoginAt,
        @Nullable String lastLoginIp) {

    public User {
        roles = List.copyOf(roles);
    }

    /** The payload of the derived {@code USER_STATE_UPDATED} event. */
    public UserState toState() {
        return new UserState(id, orgId, name, email, roles, createdAt, updatedAt, loginCount, failedLoginCount,
                lastLoginAt, lastLoginIp);
    }
}
