package dev.eventfold.delivery;

import java.util.UUID;

/**
 * A destination as the delivery machinery knows it: its id (also the id of the function's own row for it, e.g. a
 * webhook endpoint), organization, transport, status and delivery options.
 */
public record Destination(UUID id, String orgId, String transport, String status, String statusReason,
                          boolean ordered, Integer rateLimit) {

    public static final String ACTIVE = "active";
    public static final String PAUSED = "paused";
    public static final String DISABLED = "disabled";
}
