package dev.eventfold.model.payload;

import java.util.List;

/** A user signed up; subject is the user id, the organization is the event's {@code orgid}. */
public record UserCreated(String name, String email, List<String> roles) {
}
