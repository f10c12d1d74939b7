package dev.eventfold.bench.peer;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.EventType;
import dev.eventfold.model.Nullable;
import dev.eventfold.model.payload.UserCreated;
import dev.eventfold.model.payload.UserLoggedIn;
import dev.eventfold.model.payload.UserLoginFailed;
import dev.eventfold.model.payload.UserState;
import dev.eventfold.model.payload.UserUpdated;

import java.time.Instant;
import java.util.List;

/**
 * The peer's user fold, the rules of user-aggregator's core (UserAggregator.decide) without parking: created sets
 * the profile, updated replaces the fields it carries, logged-in and login-failed count; the event that produced the state is kept for the output.
 */
public final class UserFold {

    private UserFold() {
    }

    /**
     * The aggregate value: the user (null fields until created), the last event folded into it (its id, source,
     * time, org, actor and trace, which the derived event carries) and the user's version, the number of events
     * folded so far (user-aggregator's {@code sequence} on the derived event).
     */
    public record Folded(@Nullable UserState state, @Nullable String lastEventId, @Nullable String lastSource,
                         @Nullable Instant lastTime,
                         @Nullable String orgId, @Nullable String actorId,
                         @Nullable String traceparent, @Nullable String tracestate, long version) {
        public static final Folded EMPTY = new Folded(null, null, null, null, null, null, null, null, 0);
    }

    public static Folded apply(Folded folded, CloudEvent event) {
        UserState s = folded.state() != null ? folded.state()
                : new UserState(event.subject(), event.orgId(), null, null, List.of(), null, null, 0, 0, null, null);
        Instant t = event.time();
        UserState next = switch (event.eventType()) {
            case USER_CREATED -> {
                UserCreated c = event.payload(UserCreated.class);
                yield new UserState(s.id(), event.orgId(), c.name(), c.email(), c.roles(),
                        s.createdAt() == null ? t : min(s.createdAt(), t), s.updatedAt() == null ? t : max(s.updatedAt(), t),
                        s.loginCount(), s.failedLoginCount(), s.lastLoginAt(), s.lastLoginIp());
            }
            case USER_UPDATED -> {
                UserUpdated u = event.payload(UserUpdated.class);
                yield new UserState(s.id(), s.organizationId(), u.name() != null ? u.name() : s.name(),
                        u.email() != null ? u.email() : s.email(), u.roles() != null ? u.roles() : s.roles(),
                        s.createdAt(), s.updatedAt() == null ? t : max(s.updatedAt(), t), s.loginCount(),
                        s.failedLoginCount(), s.lastLoginAt(), s.lastLoginIp());
            }
            case USER_LOGGED_IN -> {
                UserLoggedIn l = event.payload(UserLoggedIn.class);
                boolean latest = s.lastLoginAt() == null || !t.isBefore(s.lastLoginAt());
                yield new UserState(s.id(), s.organizationId(), s.name(), s.email(), s.roles(), s.createdAt(),
                        s.updatedAt(), s.loginCount() + 1, s.failedLoginCount(),
                        latest ? t : s.lastLoginAt(), latest ? l.ip() : s.lastLoginIp());
            }
            case USER_LOGIN_FAILED -> {
                event.payload(UserLoginFailed.class);
                yield new UserState(s.id(), s.organizationId(), s.name(), s.email(), s.roles(), s.createdAt(),
                        s.updatedAt(), s.loginCount(), s.failedLoginCount() + 1, s.lastLoginAt(), s.lastLoginIp());
            }
            default -> s;
        };
        return new Folded(next, event.id(), event.source(), t, event.orgId(), event.actorId(), event.traceparent(),
                event.tracestate(), folded.version() + 1);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** Whether the peer folds this type at all (others pass by, as in user-aggregator). */
    public static boolean folds(String type) {
        return EventType.of(type).map(t -> switch (t) {
            case USER_CREATED, USER_UPDATED, USER_LOGGED_IN, USER_LOGIN_FAILED -> true;
            default -> false;
        }).orElse(false);
    }
}
