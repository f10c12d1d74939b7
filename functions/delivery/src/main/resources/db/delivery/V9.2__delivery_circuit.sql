-- The circuit breaker's state, shared by the replicas: consecutive failed attempts without an answer (or with a
-- 5xx) and, once they reach the threshold, until when the destination gets nothing (then one probe at a time).
ALTER TABLE delivery_destinations
    ADD COLUMN consecutive_failures integer NOT NULL DEFAULT 0,
    ADD COLUMN blocked_until timestamptz;

-- claims walk the active destinations and take each one's oldest due messages
CREATE INDEX delivery_messages_destination_due ON delivery_messages (destination_id, next_attempt_at, id) WHERE status = 'pending';
