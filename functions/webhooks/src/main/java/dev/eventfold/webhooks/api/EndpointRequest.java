package dev.eventfold.webhooks.api;

import java.util.List;

/**
 * The body of create and update: where to deliver, which types ({@code dev.eventfold.campaign.*}) and subjects
 * (globs; none = all), and how (structured mode, handshake, per-subject order). On update, absent fields keep
 * their value.
 */
public record EndpointRequest(String url, List<String> types, List<String> subjects, String description,
                              Integer rateLimit, Boolean structured, Boolean skipHandshake, Boolean ordered) {
}
