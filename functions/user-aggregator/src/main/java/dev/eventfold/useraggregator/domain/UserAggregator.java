package dev.eventfold.useraggregator.domain;

import dev.eventfold.model.CloudEvent;
import dev.eventfold.model.DerivedIds;
import dev.eventfold.model.EventType;
import dev.eventfold.model.ValidationException;
import dev.eventfold.model.payload.UserCreated;
import dev.eventfold.model.payload.UserLoggedIn;
import dev.eventfold.model.payload.UserLoginFailed;
import dev.eventfold.model.payload.UserUpdated;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The pure core of user-aggregator: folds one user event into the user's state and derives the
 * {@code USER_STATE_UPDATED} event, with no I/O. Events for a user whose {@code created} has not arrived are
 * parked and folded, in time order, right after the create.
 */
public final class UserAggregator {

    public static final String FUNCTION_NAME = "user-aggregator";
    /** The {@code source} of derived events. */
    public static final String SOURCE = "/" + FUNCTION_NAME;
    public static final Set<EventType> CONSUMES = Set.copyOf(EnumSet.of(
            EventType.USER_CREATED, EventType.USER_UPDATED, EventType.USER_LOGGED_IN, EventType.USER_LOGIN_FAILED));

    /** Parked events are applied in event-time order; ties keep their arrival order (the sort is stable). */
    private static final Comparator<CloudEvent> BY_TIME = Comparator.comparing(CloudEvent::time);

    private UserAggregator() {
    }

    /**
     * The outcomes of {@code event} given the user's current state and, when the user does not exist yet, the
     * events parked for its id in arrival order: the event's own outcome first, then one per parked event when
     * {@code event} created the user. Throws {@link ValidationException} for an event that can never apply.
     */
    public static List<Outcome> apply(Optional<User> current, CloudEvent event, List<CloudEvent> parked) {
        Outcome first = decide(current, event);
        List<Outcome> out = new ArrayList<>();
        out.add(first);
        if (current.isEmpty() && first instanceof Outcome.Applied created) {
            User user = created.user();
            List<CloudEvent> inTimeOrder = new ArrayList<>(parked);
            inTimeOrder.sort(BY_TIME);
            for (CloudEvent p : inTimeOrder) {
                try {
                    Outcome o = decide(Optional.of(user), p);
                    if (o instanceof Outcome.Applied applied) {
                        user = applied.user();
                    }
                    out.add(o);
                } catch (ValidationException e) {
                    out.add(new Outcome.Rejected(p, e.getMessage()));
                }
            }
        }
        return out;
    }

    /** The outcome of one event for a user in {@code current} state (no parked events considered). */
    public static Outcome decide(Optional<User> current, CloudEvent event) {
        EventType type = consumedType(event);
        if (current.isPresent() && !current.get().orgId().equals(event.orgId())) {
            throw new ValidationException("orgid",
                    "user " + event.subject() + " belongs to another organization than " + event.orgId());
        }
        if (current.isEmpty() && type != EventType.USER_CREATED) {
            return new Outcome.Parked(event);
        }
        Instant t = event.time();
        return switch (type) {
            case USER_CREATED -> {
                UserCreated c = event.payload(UserCreated.class);
                User user = current
                        // A second create for an existing id replaces the profile and keeps the counts and history.
                        .map(u -> new User(u.id(), u.orgId(), c.name(), c.email(), c.roles(), min(u.createdAt(), t),
                                max(u.updatedAt(), t), u.loginCount(), u.failedLoginCount(), u.lastLoginAt(),
                                u.lastLoginIp()))
                        .orElseGet(() -> new User(event.subject(), event.orgId(), c.name(), c.email(), c.roles(),
                                t, t, 0, 0, null, null));
                yield applied(event, user, null);
            }
            case USER_UPDATED -> {
                UserUpdated u = event.payload(UserUpdated.class);
                User was = current.get();
                User user = new User(was.id(), was.orgId(),
                        u.name() != null ? u.name() : was.name(),
                        u.email() != null ? u.email() : was.email(),
                        u.roles() != null ? u.roles() : was.roles(),
                        was.createdAt(), max(was.updatedAt(), t), was.loginCount(), was.failedLoginCount(),
                        was.lastLoginAt(), was.lastLoginIp());
                yield applied(event, user, null);
            }
            case USER_LOGGED_IN -> {
                UserLoggedIn l = event.payload(UserLoggedIn.class);
                User was = current.get();
                boolean latest = was.lastLoginAt() == null || !t.isBefore(was.lastLoginAt());
                User user = new User(was.id(), was.orgId(), was.name(), was.email(), was.roles(), was.createdAt(),
                        was.updatedAt(), was.loginCount() + 1, was.failedLoginCount(),
                        latest ? t : was.lastLoginAt(), latest ? l.ip() : was.lastLoginIp());
                yield applied(event, user, new Login(was.orgId(), was.id(), event.source(), event.id(), t, l.ip(), l.userAgent(), null));
            }
            case USER_LOGIN_FAILED -> {
                UserLoginFailed f = event.payload(UserLoginFailed.class);
                User was = current.get();
                User user = new User(was.id(), was.orgId(), was.name(), was.email(), was.roles(), was.createdAt(),
                        was.updatedAt(), was.loginCount(), was.failedLoginCount() + 1, was.lastLoginAt(),
                        was.lastLoginIp());
                yield applied(event, user, new Login(was.orgId(), was.id(), event.source(), event.id(), t, f.ip(), f.userAgent(), f.reason()));
            }
            default -> throw new IllegalStateException("unreachable: " + type);
        };
    }

    /**
     * The derived event for an applied source event: deterministic id, subject = user id, orgid propagated, in the
     * source event's trace.
     */
    public static CloudEvent derived(CloudEvent source, User user) {
        return CloudEvent.of(DerivedIds.derivedId(FUNCTION_NAME, source), SOURCE,
                EventType.USER_STATE_UPDATED, user.id(), source.time(), user.orgId(), source.actorId(),
                user.toState()).withTraceOf(source);
    }

    private static Outcome.Applied applied(CloudEvent event, User user, Login login) {
        return new Outcome.Applied(event, user, Optional.ofNullable(login), derived(event, user));
    }

    /**
     * The catalog type of an event this function consumes, or a violation. The envelope and payload are not checked
     * again: the triggers validated them with the contract's codec, and the core trusts its input.
     */
    private static EventType consumedType(CloudEvent event) {
        return EventType.of(event.type()).filter(CONSUMES::contains).orElseThrow(() ->
                new ValidationException("type", "user-aggregator does not consume \"" + event.type() + "\""));
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
