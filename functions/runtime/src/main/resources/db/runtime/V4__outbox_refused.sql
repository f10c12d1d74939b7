-- Derived events Kafka refused for good (larger than the broker or producer accepts, an invalid record): set aside
-- with the reason, so that the relay goes on with the rows after them; a dead-letter notice names each one.
CREATE TABLE outbox_refused (
    id         bigint      PRIMARY KEY,
    event      jsonb       NOT NULL,
    reason     text        NOT NULL,
    created_at timestamptz NOT NULL,
    refused_at timestamptz NOT NULL DEFAULT now()
);
