package dev.eventfold.useraggregator;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.model.Json;
import dev.eventfold.model.payload.UserCreated;
import dev.eventfold.model.payload.UserLoggedIn;
import dev.eventfold.model.payload.UserLoginFailed;
import dev.eventfold.model.payload.UserUpdated;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Test fixtures: user events as ingest would record them, one organization per fixture. */
public record UserEvents(String orgId) {

    public static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    public static Instant at(int minutes) {
        return T0.plusSeconds(60L * minutes);
    }

    public CloudEvent created(String userId, int minute, String name, String email, String... roles) {
        return event(EventType.USER_CREATED, userId, minute, new UserCreated(name, email, List.of(roles)));
    }

    public CloudEvent updated(String userId, int minute, String name, String email, List<String> roles) {
        return event(EventType.USER_UPDATED, userId, minute, new UserUpdated(name, email, roles));
    }

    public CloudEvent loggedIn(String userId, int minute, String ip) {
        return event(EventType.USER_LOGGED_IN, userId, minute, new UserLoggedIn(ip, "Mozilla/5.0"));
    }

    public CloudEvent loginFailed(String userId, int minute, String ip, String reason) {
        return event(EventType.USER_LOGIN_FAILED, userId, minute, new UserLoginFailed(ip, null, reason));
    }

    public CloudEvent event(EventType type, String userId, int minute, Record payload) {
        return CloudEvent.of(UUID.randomUUID().toString(), "/tests", type, userId, at(minute), orgId, "actor-1",
                payload);
    }

    /** A valid envelope around a payload that breaks the schema (the email is a number, the name missing). */
    public CloudEvent poison(String userId, int minute) {
        return new CloudEvent(UUID.randomUUID().toString(), "/tests", EventType.USER_CREATED.type(), userId,
                at(minute), orgId, null, Json.MAPPER.createObjectNode().put("email", 42).putNull("roles"));
    }
}
