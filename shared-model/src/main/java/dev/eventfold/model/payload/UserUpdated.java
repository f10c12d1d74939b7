package dev.eventfold.model.payload;

import dev.eventfold.model.Nullable;

import java.util.List;

/** Some of a user's profile changed; absent fields stay as they were. */
public record UserUpdated(@Nullable String name, @Nullable String email, @Nullable List<String> roles) {
}
