package dev.eventfold.delivery;

import java.util.UUID;

/**
 * A destination as the delivery machinery knows it: its id (also the id of the function's own row for it, e.g. a
 * webhook endpoint), organization, transport, status and delivery options: its own rate limit (per second), the
 * rate its receiver allowed (per minute, e.g. a webhook's {@code WebHook-Allowed-Rate}; null: none said), and its
 * version, raised by every change ({@link dev.eventfold.delivery.store.DestinationStore}), so that a transport may
 * cache what it keeps for the destination and read it again only when the version it is handed moves.
 */
public record Destination(UUID id, String orgId, String transport, String status, String statusReason,
                          boolean ordered, Integer rateLimit, Integer receiverRate, long version) {

    public static final String ACTIVE = "active";
    public static final String PAUSED = "paused";
    public static final String DISABLED = "disabled";

    /**
     * The rate the claim holds the destination to, in messages per minute: the lower of its own rate limit and
     * its receiver's; null when neither is set.
     */
    public Integer ratePerMinute() {
        return ratePerMinute(rateLimit, receiverRate);
    }

    public static Integer ratePerMinute(Integer ratePerSecond, Integer receiverPerMinute) {
        if (ratePerSecond == null) {
            return receiverPerMinute;
        }
        int own = (int) Math.min(Integer.MAX_VALUE, ratePerSecond * 60L);
        return receiverPerMinute == null ? own : Math.min(own, receiverPerMinute);
    }
}
