package dev.eventfold.model.payload;

import dev.eventfold.model.Nullable;

/** A user logged in; subject is the user id. */
public record UserLoggedIn(String ip, @Nullable String userAgent) {
}
