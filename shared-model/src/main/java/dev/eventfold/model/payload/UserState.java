package dev.eventfold.model.payload;

import dev.eventfold.model.Nullable;

import java.time.Instant;
import java.util.List;

/** The user as user-aggregator's projection holds it after an event, without the login history. */
public record UserState(
        String id,
        String organizationId,
        String name,
        String email,
        List<String> roles,
        Instant createdAt,
        Instant updatedAt,
        long loginCount,
        long failedLoginCount,
        @Nullable Instant lastLoginAt,
        @Nullable String lastLoginIp) {
}
