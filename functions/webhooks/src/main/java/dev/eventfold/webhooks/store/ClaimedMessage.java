package dev.eventfold.webhooks.store;

import dev.eventfold.model.CloudEvent;

import java.time.Instant;
import java.util.UUID;

/** A message this replica claimed for one attempt, with what sending it needs from its endpoint. */
public record ClaimedMessage(long id, UUID endpointId, CloudEvent event, int attemptsBefore, String url,
                             String secret, String previousSecret, Instant previousSecretExpiresAt,
                             boolean structured, boolean needsHandshake) {
}
