-- The rate receivers allowed in the handshake (WebHook-Allowed-Rate, per minute) is now enforced by
-- function-delivery's claim (delivery_destinations.receiver_rate, V9.3): carry over what verified endpoints said.
UPDATE delivery_destinations d SET receiver_rate = e.allowed_rate
FROM endpoints e WHERE e.id = d.id AND e.verified AND e.allowed_rate > 0;
