package dev.eventfold.alerting.domain;

import dev.eventfold.model.EventType;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The kinds of rule an organization can set up, each with the one event type it reads. */
public enum RuleKind {
    /** N failed logins for one user within a window (subject = user id). */
    FAILED_LOGINS_PER_USER("failed-logins-per-user", EventType.USER_LOGIN_FAILED),
    /** N failed logins from one IP across users within a window. */
    FAILED_LOGINS_PER_IP("failed-logins-per-ip", EventType.USER_LOGIN_FAILED),
    /** A campaign's views per window above or below a threshold or a multiple of the trailing average. */
    CAMPAIGN_VIEWS("campaign-views", EventType.CAMPAIGN_STATS_UPDATED),
    /** A personalized page viewed from a country its recipient has not viewed it from before. */
    NEW_COUNTRY("new-country", EventType.PAGE_VIEW_ENRICHED),
    /** A user's state changed in a watched way (e.g. roles gained {@code admin}). */
    USER_STATE_CHANGE("user-state-change", EventType.USER_STATE_UPDATED);

    private final String id;
    private final EventType input;

    RuleKind(String id, EventType input) {
        this.id = id;
        this.input = input;
    }

    /** The kebab-case name in the API and in alerts. */
    public String id() {
        return id;
    }

    public EventType input() {
        return input;
    }

    public static Optional<RuleKind> of(String id) {
        return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst();
    }

    /** The kinds that read events of this type. */
    public static List<RuleKind> reading(String type) {
        return Arrays.stream(values()).filter(k -> k.input.type().equals(type)).toList();
    }

    /** Every event type some rule reads. */
    public static Set<EventType> inputs() {
        return Arrays.stream(values()).map(RuleKind::input)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(EventType.class)));
    }
}
