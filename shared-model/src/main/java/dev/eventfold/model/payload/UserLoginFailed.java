package dev.eventfold.model.payload;

import dev.eventfold.model.Nullable;

/** A login attempt for a user failed; subject is the user id. */
public record UserLoginFailed(String ip, @Nullable String userAgent, String reason) {
}
