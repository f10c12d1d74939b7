-- The webhooks function's own tables (Flyway runs this with the schema as search_path).

-- A subscriber's endpoint: where to send which derived events, and the secrets to sign them with.
CREATE TABLE endpoints (
    id                         uuid PRIMARY KEY,
    org_id                     text        NOT NULL,
    url                        text        NOT NULL,
    description                text,
    -- space-separated glob patterns (dev.eventfold.campaign.*); empty = every derived type
    event_types                text        NOT NULL DEFAULT '',
    -- space-separated glob patterns over the subject; empty = every subject
    subjects                   text        NOT NULL DEFAULT '',
    rate_limit                 integer,
    status                     text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'disabled')),
    structured                 boolean     NOT NULL DEFAULT false,
    skip_handshake             boolean     NOT NULL DEFAULT false,
    ordered                    boolean     NOT NULL DEFAULT true,
    verified                   boolean     NOT NULL DEFAULT false,
    allowed_rate               integer,
    secret                     text        NOT NULL,
    previous_secret            text,
    previous_secret_expires_at timestamptz,
    created_at                 timestamptz NOT NULL,
    updated_at                 timestamptz NOT NULL
);
CREATE INDEX endpoints_org ON endpoints (org_id);

-- One derived event for one endpoint, written in the intake transaction; claimed by the delivery worker.
CREATE TABLE messages (
    id              bigserial PRIMARY KEY,
    endpoint_id     uuid        NOT NULL REFERENCES endpoints (id) ON DELETE CASCADE,
    org_id          text        NOT NULL,
    event_id        text        NOT NULL,
    event_type      text        NOT NULL,
    subject         text        NOT NULL,
    event           jsonb       NOT NULL,
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    created_at      timestamptz NOT NULL,
    last_attempt_at timestamptz,
    UNIQUE (endpoint_id, event_id)
);
CREATE INDEX messages_due ON messages (next_attempt_at, id) WHERE status = 'pending';
CREATE INDEX messages_pending_subject ON messages (endpoint_id, subject, id) WHERE status = 'pending';
CREATE INDEX messages_endpoint ON messages (endpoint_id, status, created_at);

-- Every delivery attempt (and handshake), newest last.
CREATE TABLE attempts (
    id            bigserial PRIMARY KEY,
    message_id    bigint      NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    endpoint_id   uuid        NOT NULL,
    attempted_at  timestamptz NOT NULL,
    outcome       text        NOT NULL CHECK (outcome IN ('succeeded', 'failed')),
    response_code integer,
    latency_ms    integer,
    response_body text,
    error         text
);
CREATE INDEX attempts_endpoint ON attempts (endpoint_id, id);
CREATE INDEX attempts_message ON attempts (message_id, id);
