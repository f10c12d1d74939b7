package dev.eventfold.webhooks;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;

/** The webhooks function's own keys ({@code eventfold.webhooks.*}): retry schedule, SSRF guard, HTTP limits, worker. */
@ConfigMapping(prefix = "eventfold.webhooks")
public interface WebhooksConfig {

    /** Delay before each attempt: the first is the initial delivery; after the last failed attempt the message fails. */
    @WithDefault("0s,5s,5m,30m,2h,5h,10h,10h")
    List<Duration> retrySchedule();

    /** Random spread of each retry delay, as a fraction (0.2: ±20 %), so that endpoints coming back are not stampeded. */
    @WithDefault("0.2")
    double jitter();

    /** Longest wait a {@code Retry-After} header may ask for. */
    @WithDefault("24h")
    Duration maxRetryAfter();

    /** Whether endpoints may resolve to loopback addresses (tests; never in production). */
    @WithDefault("false")
    boolean allowLoopback();

    /** Whether endpoints may resolve to private, link-local or unique-local addresses (cloud metadata stays refused). */
    @WithDefault("false")
    boolean allowPrivate();

    /** Whether plain {@code http} endpoints are accepted (else only {@code https}). */
    @WithDefault("false")
    boolean allowHttp();

    @WithDefault("5s")
    Duration connectTimeout();

    /** Longest wait for the whole response; an endpoint that takes longer counts as a failed attempt. */
    @WithDefault("15s")
    Duration responseTimeout();

    /** How long a claimed message stays invisible to other replicas (a crashed sender's claim expires then). */
    @WithDefault("2m")
    Duration claimLease();

    /** How long the previous secret keeps signing after a rotation. */
    @WithDefault("24h")
    Duration rotationGrace();

    /** The {@code WebHook-Request-Origin} of the validation handshake. */
    @WithDefault("webhooks.eventfold.dev")
    String origin();

    Worker worker();

    /** The delivery worker of this replica. */
    interface Worker {

        @WithDefault("true")
        boolean enabled();
    }

    /** How often the worker looks for due messages. */
    @WithDefault("1s")
    Duration pollInterval();

    /** Messages claimed in one round (also the concurrency of one replica). */
    @WithDefault("64")
    int batchSize();

    /** Connections kept per endpoint host. */
    @WithDefault("8")
    int maxConnectionsPerHost();
}
