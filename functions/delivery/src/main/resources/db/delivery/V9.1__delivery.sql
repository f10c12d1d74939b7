-- function-delivery's tables, in the schema of each function that delivers (Flyway runs this with that schema as
-- search_path; the function lists db/delivery among quarkus.flyway.locations). Versions 9.x belong to this
-- library: above the runtime's (1..8), below every function's own (10..), so a function's migrations may refer to
-- these tables.

-- Where messages go: one row per destination (a webhook endpoint, a connected tool). The function keeps what is
-- specific to it (URL, secrets, credentials) in its own table keyed by the same id.
CREATE TABLE delivery_destinations (
    id            uuid PRIMARY KEY,
    org_id        text        NOT NULL,
    -- the Transport that sends to it (Transport.name())
    transport     text        NOT NULL,
    status        text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'disabled')),
    -- why it is paused or disabled: by whom (a transport's result, the customer) and what happened
    status_reason text,
    -- per-subject order: a later message waits while an earlier one of the same subject is pending
    ordered       boolean     NOT NULL DEFAULT true,
    -- most messages per second (null: no limit but the worker's)
    rate_limit    integer CHECK (rate_limit IS NULL OR rate_limit > 0),
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);
CREATE INDEX delivery_destinations_org ON delivery_destinations (org_id);

-- One message for one destination, written in the intake transaction; claimed by the delivery worker.
CREATE TABLE delivery_messages (
    id              bigserial PRIMARY KEY,
    destination_id  uuid        NOT NULL REFERENCES delivery_destinations (id) ON DELETE CASCADE,
    org_id          text        NOT NULL,
    -- the idempotency key the receiver sees (a derived event's id): stable across retries and replays
    event_id        text        NOT NULL,
    event_type      text        NOT NULL,
    subject         text        NOT NULL,
    payload         jsonb       NOT NULL,
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    created_at      timestamptz NOT NULL,
    last_attempt_at timestamptz,
    -- why a failed message failed (exhausted, aborted, destination gone)
    failure         text,
    UNIQUE (destination_id, event_id)
);
CREATE INDEX delivery_messages_due ON delivery_messages (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX delivery_messages_pending_subject ON delivery_messages (destination_id, subject, id) WHERE status = 'pending';
CREATE INDEX delivery_messages_destination ON delivery_messages (destination_id, status, created_at);

-- Every attempt of a message, newest last.
CREATE TABLE delivery_attempts (
    id             bigserial PRIMARY KEY,
    message_id     bigint      NOT NULL REFERENCES delivery_messages (id) ON DELETE CASCADE,
    destination_id uuid        NOT NULL,
    attempted_at   timestamptz NOT NULL,
    outcome        text        NOT NULL CHECK (outcome IN ('succeeded', 'failed')),
    response_code  integer,
    latency_ms     integer,
    response_body  text,
    error          text
);
CREATE INDEX delivery_attempts_destination ON delivery_attempts (destination_id, id);
CREATE INDEX delivery_attempts_message ON delivery_attempts (message_id, id);
CREATE INDEX delivery_attempts_time ON delivery_attempts (attempted_at);
