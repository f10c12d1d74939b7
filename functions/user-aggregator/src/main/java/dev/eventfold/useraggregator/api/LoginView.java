package dev.eventfold.useraggregator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.eventfold.useraggregator.domain.Login;

import java.time.Instant;

/** A login (or failed login, with its reason) as the read API shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LoginView(String eventId, Instant at, String ip, String userAgent, String reason) {

    static LoginView of(Login login) {
        return new LoginView(login.eventId(), login.at(), login.ip(), login.userAgent(), login.reason());
    }
}
