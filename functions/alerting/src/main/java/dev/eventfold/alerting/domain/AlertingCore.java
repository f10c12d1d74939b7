package dev.eventfold.alerting.domain;

import dev.eventfold.model.EventType;

import java.time.Duration;
import java.util.Set;

/**
 * The pure core of alerting: one rule, the state it keeps for one key, one observation in; the changed state
 * (in place) and the alerts out. No I/O and no clock: windows follow the events' {@code time}, and an event whose
 * window closed more than the allowed lateness ago is ignored and reported late.
 */
public final class AlertingCore {

    public static final String FUNCTION_NAME = "alerting";

    /** The input types of every {@link RuleKind} (spelled out for readers and the manifest checks). */
    public static final Set<EventType> CONSUMES = Set.of(EventType.USER_LOGIN_FAILED,
            EventType.CAMPAIGN_STATS_UPDATED, EventType.PAGE_VIEW_ENRICHED, EventType.USER_STATE_UPDATED);

    private AlertingCore() {
    }

    public static Evaluation evaluate(Rule rule, KeyState state, Observation observation, Duration lateness) {
        return switch (rule.kind()) {
            case FAILED_LOGINS_PER_USER, FAILED_LOGINS_PER_IP -> CountFold.evaluate(rule, state, observation, lateness);
            case CAMPAIGN_VIEWS -> CampaignViewsFold.evaluate(rule, state, observation, lateness);
            case NEW_COUNTRY -> NewCountryFold.evaluate(rule, state, observation, lateness);
            case USER_STATE_CHANGE -> StateChangeFold.evaluate(rule, state, observation);
        };
    }

    /** The start of the tumbling window (aligned to the epoch) that holds {@code millis}. */
    static long windowStart(long millis, long windowMillis) {
        return Math.floorDiv(millis, windowMillis) * windowMillis;
    }

    /** True when the window ending at {@code windowEnd} closed (watermark past its end plus the lateness). */
    static boolean closed(KeyState state, long windowEnd, Duration lateness) {
        return state.watermark != null && windowEnd + lateness.toMillis() <= state.watermark;
    }

    static void advance(KeyState state, long millis) {
        state.watermark = state.watermark == null ? millis : Math.max(state.watermark, millis);
    }
}
