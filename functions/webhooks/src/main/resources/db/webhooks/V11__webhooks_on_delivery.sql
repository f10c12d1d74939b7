-- webhooks on function-delivery (db/delivery, V9.1): an endpoint is a delivery destination with the same id; its
-- status, order and rate limit move there, and the messages and attempts move to the delivery tables.
INSERT INTO delivery_destinations (id, org_id, transport, status, ordered, rate_limit, created_at, updated_at)
SELECT id, org_id, 'webhooks', status, ordered, rate_limit, created_at, updated_at FROM endpoints;

INSERT INTO delivery_messages (id, destination_id, org_id, event_id, event_type, subject, payload, status, attempts,
                               next_attempt_at, created_at, last_attempt_at)
SELECT id, endpoint_id, org_id, event_id, event_type, subject, event, status, attempts, next_attempt_at, created_at,
       last_attempt_at FROM messages;
SELECT setval(pg_get_serial_sequence('delivery_messages', 'id'), greatest((SELECT max(id) FROM delivery_messages), 1));

INSERT INTO delivery_attempts (id, message_id, destination_id, attempted_at, outcome, response_code, latency_ms,
                               response_body, error)
SELECT id, message_id, endpoint_id, attempted_at, outcome, response_code, latency_ms, response_body, error FROM attempts;
SELECT setval(pg_get_serial_sequence('delivery_attempts', 'id'), greatest((SELECT max(id) FROM delivery_attempts), 1));

DROP TABLE attempts;
DROP TABLE messages;
ALTER TABLE endpoints DROP COLUMN status, DROP COLUMN ordered, DROP COLUMN rate_limit;
-- deleting the destination deletes the endpoint (and, through the destination, its messages and attempts)
ALTER TABLE endpoints ADD CONSTRAINT endpoints_destination FOREIGN KEY (id) REFERENCES delivery_destinations (id) ON DELETE CASCADE;
