package dev.eventfold.webhooks;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * The webhooks function's own keys ({@code eventfold.webhooks.*}): secret rotation and the handshake's origin.
 * Retries, the SSRF guard, HTTP bounds and the worker are function-delivery's ({@code eventfold.delivery.*}).
 */
@ConfigMapping(prefix = "eventfold.webhooks")
public interface WebhooksConfig {

    /** How long the previous secret keeps signing after a rotation. */
    @WithDefault("24h")
    Duration rotationGrace();

    /** The {@code WebHook-Request-Origin} of the validation handshake. */
    @WithDefault("webhooks.eventfold.dev")
    String origin();
}
