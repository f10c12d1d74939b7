package dev.eventfold.delivery;

import java.util.UUID;

/** A message to enqueue for a destination in the intake transaction ({@link dev.eventfold.delivery.store.DeliveryStore#enqueue}). */
public record NewMessage(UUID destinationId, String orgId, String eventId, String type, String subject, String payload) {
}
