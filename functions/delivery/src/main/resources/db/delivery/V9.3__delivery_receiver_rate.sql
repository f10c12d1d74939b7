-- The receiver's own rate limit and a version for the senders' caches.
ALTER TABLE delivery_destinations
    -- most messages per minute the receiver itself allowed (a webhook's WebHook-Allowed-Rate; null: no limit from
    -- it): the claim takes the lower of this and rate_limit
    ADD COLUMN receiver_rate integer CHECK (receiver_rate IS NULL OR receiver_rate > 0),
    -- raised by every change of the destination or of what a transport keeps for it (URL, secrets), so that a
    -- transport's cache of it, in any replica, knows when to read again
    ADD COLUMN version bigint NOT NULL DEFAULT 0;
