-- Tables the runtime keeps in every function's schema (Flyway runs this with the schema as search_path).

-- Ids of events already applied: recorded in the transaction of their state change (exactly-once effect).
CREATE TABLE processed_events (
    event_id     text PRIMARY KEY,
    processed_at timestamptz NOT NULL DEFAULT now()
);

-- Derived events written in the transaction that derived them; deleted once Kafka acknowledged them.
CREATE TABLE outbox (
    id         bigserial PRIMARY KEY,
    event      jsonb       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- This function's copy of API key hashes (HMAC-SHA256, peppered), folded from API_KEY_ISSUED events.
CREATE TABLE api_keys (
    key_hash   text PRIMARY KEY,
    org_id     text        NOT NULL,
    label      text,
    created_at timestamptz NOT NULL
);
