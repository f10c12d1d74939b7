package dev.eventfold.model;

import dev.eventfold.model.payload.*;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The catalog: every CloudEvent type, the topic it travels on and its payload record.
 * Types are reverse-DNS and past tense; derived types are emitted by functions, control-plane types only by
 * ingest's admin API: ingest accepts from clients only the {@link #clientSubmittable()} ones.
 */
public enum EventType {
    /** Control plane: issued by ingest's admin API only. */
    ORGANIZATION_CREATED("dev.eventfold.organization.created", Topic.EVENTS, OrganizationCreated.class, false, true),
    /** Control plane: issued by ingest's admin API only; folded into every stateful function's {@code api_keys}. */
    API_KEY_ISSUED("dev.eventfold.apikey.issued", Topic.EVENTS, ApiKeyIssued.class, false, true),
    /** Control plane: issued by ingest's admin API only; every stateful function stops accepting the key. */
    API_KEY_REVOKED("dev.eventfold.apikey.revoked", Topic.EVENTS, ApiKeyRevoked.class, false, true),
    USER_CREATED("dev.eventfold.user.created", Topic.EVENTS, UserCreated.class, false),
    USER_UPDATED("dev.eventfold.user.updated", Topic.EVENTS, UserUpdated.class, false),
    USER_LOGGED_IN("dev.eventfold.user.loggedin", Topic.EVENTS, UserLoggedIn.class, false),
    USER_LOGIN_FAILED("dev.eventfold.user.loginfailed", Topic.EVENTS, UserLoginFailed.class, false),
    CAMPAIGN_CREATED("dev.eventfold.campaign.created", Topic.EVENTS, CampaignCreated.class, false),
    CAMPAIGN_UPDATED("dev.eventfold.campaign.updated", Topic.EVENTS, CampaignUpdated.class, false),
    PAGE_CREATED("dev.eventfold.page.created", Topic.EVENTS, PageCreated.class, false),
    PAGE_ADDED_TO_CAMPAIGN("dev.eventfold.page.addedtocampaign", Topic.EVENTS, PageAddedToCampaign.class, false),
    PAGE_REMOVED_FROM_CAMPAIGN("dev.eventfold.page.removedfromcampaign", Topic.EVENTS, PageRemovedFromCampaign.class, false),
    PAGE_SENT("dev.eventfold.page.sent", Topic.EVENTS, PageSent.class, false),
    PAGE_VIEWED("dev.eventfold.page.viewed", Topic.EVENTS, PageViewed.class, false),
    PAGE_CLICKED("dev.eventfold.page.clicked", Topic.EVENTS, PageClicked.class, false),

    /** Derived by user-aggregator: the user as the projection now holds it (no history). */
    USER_STATE_UPDATED("dev.eventfold.user.state.updated", Topic.USERS, UserState.class, true),
    /** Derived by geo-enricher. */
    PAGE_VIEW_ENRICHED("dev.eventfold.page.viewed.enriched", Topic.VISITS_ENRICHED, PageViewEnriched.class, true),
    /** Derived by campaign-aggregator, coalesced per campaign. */
    CAMPAIGN_STATS_UPDATED("dev.eventfold.campaign.stats.updated", Topic.CAMPAIGN_STATS, CampaignStatsUpdated.class, true),
    /** Derived by alerting: a rule held over a window, once per rule, key and window. */
    ALERT_RAISED("dev.eventfold.alert.raised", Topic.ALERTS, AlertRaised.class, true),
    /** Derived by alerting: the condition of a raised alert cleared. */
    ALERT_RESOLVED("dev.eventfold.alert.resolved", Topic.ALERTS, AlertResolved.class, true),
    /** Derived by a delivering function (webhooks, integrations): a destination answered 410 and was disabled. */
    ENDPOINT_DISABLED("dev.eventfold.endpoint.disabled", Topic.DELIVERIES, EndpointDisabled.class, true),
    /** Derived by a delivering function: a message used up its retries and is kept as failed. */
    MESSAGE_ATTEMPT_EXHAUSTED("dev.eventfold.message.attempt.exhausted", Topic.DELIVERIES, MessageAttemptExhausted.class, true),
    /** Derived by webhooks on its owner's request: a test delivery to one endpoint (queued directly, never on Kafka). */
    ENDPOINT_TESTED("dev.eventfold.endpoint.tested", Topic.DELIVERIES, EndpointTested.class, true);

    private static final Map<String, EventType> BY_TYPE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::type, Function.identity()));

    private final String type;
    private final Topic topic;
    private final Class<? extends Record> payloadClass;
    private final boolean derived;
    private final boolean controlPlane;

    EventType(String type, Topic topic, Class<? extends Record> payloadClass, boolean derived) {
        this(type, topic, payloadClass, derived, false);
    }

    EventType(String type, Topic topic, Class<? extends Record> payloadClass, boolean derived, boolean controlPlane) {
        this.type = type;
        this.topic = topic;
        this.payloadClass = payloadClass;
        this.derived = derived;
        this.controlPlane = controlPlane;
    }

    /** The CloudEvent {@code type} attribute. */
    public String type() {
        return type;
    }

    public Topic topic() {
        return topic;
    }

    public Class<? extends Record> payloadClass() {
        return payloadClass;
    }

    /** True for events that functions emit; ingest refuses them from clients. */
    public boolean derived() {
        return derived;
    }

    /** True for the tenants and their keys: only ingest's admin API issues these, never a client. */
    public boolean controlPlane() {
        return controlPlane;
    }

    /** True for the types a tenant may send to ingest: neither derived nor control plane. */
    public boolean clientSubmittable() {
        return !derived && !controlPlane;
    }

    public static Optional<EventType> of(String type) {
        return Optional.ofNullable(type == null ? null : BY_TYPE.get(type));
    }
}
