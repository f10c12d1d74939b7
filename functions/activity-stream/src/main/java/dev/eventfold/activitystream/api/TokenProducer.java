package dev.eventfold.activitystream.api;

import dev.eventfold.activitystream.ActivityConfig;
import dev.eventfold.activitystream.domain.ActivityToken;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/** The token signer and the clock, from configuration; production refuses the development signing key. */
public class TokenProducer {

    @Produces
    @Singleton
    ActivityToken tokens(ActivityConfig config) {
        return new ActivityToken(config.token().signingKey(), config.token().ttl());
    }

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    void check(@Observes StartupEvent start, ActivityConfig config) {
        checkKey(LaunchMode.current(), config.token().signingKey());
    }

    static void checkKey(LaunchMode mode, String key) {
        if (mode == LaunchMode.NORMAL && ActivityConfig.DEV_TOKEN_KEY.equals(key)) {
            throw new IllegalStateException("eventfold.activity.token.signing-key is the development default: set "
                    + "EVENTFOLD_ACTIVITY_TOKEN_SIGNING_KEY from a Secret, the same value on every replica");
        }
    }
}
