-- The integrations function's own tables (Flyway runs this with the schema as search_path). The delivery queue,
-- the destinations' status and rate limit are function-delivery's (db/delivery: delivery_destinations,
-- delivery_messages, delivery_attempts); a row here has the id of its delivery_destinations row.

-- A connected tool of an organization: where, with which credential, which fields, which events.
CREATE TABLE destinations (
    id              uuid PRIMARY KEY REFERENCES delivery_destinations (id) ON DELETE CASCADE,
    org_id          text        NOT NULL,
    tool            text        NOT NULL CHECK (tool IN ('hubspot', 'salesforce', 'segment')),
    name            text,
    base_url        text        NOT NULL,
    -- AES-256-GCM under eventfold.integrations.credential-key, bound to org_id/id (CredentialCipher); never in clear
    credential      text        NOT NULL,
    -- what the API shows of it: the last 4 characters
    credential_hint text        NOT NULL,
    -- JSON objects: our field -> the tool's property; tool settings
    mappings        text        NOT NULL DEFAULT '{}',
    settings        text        NOT NULL DEFAULT '{}',
    -- space-separated catalog types; empty = every type integrations translates
    event_types     text        NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL
);
CREATE INDEX destinations_org ON destinations (org_id);

-- Each page's recipient, from page.created on the events topic: whom a page view is about.
CREATE TABLE page_recipients (
    org_id     text NOT NULL,
    page_id    text NOT NULL,
    email      text NOT NULL,
    name       text,
    PRIMARY KEY (org_id, page_id)
);

-- A replay of the log into one destination, and how far it got.
CREATE TABLE replays (
    id             uuid PRIMARY KEY,
    destination_id uuid        NOT NULL REFERENCES destinations (id) ON DELETE CASCADE,
    org_id         text        NOT NULL,
    status         text        NOT NULL CHECK (status IN ('running', 'done', 'failed')),
    -- records read from the topics, of them the organization's events matching the filter, and messages queued
    records_read   bigint      NOT NULL DEFAULT 0,
    events_matched bigint      NOT NULL DEFAULT 0,
    queued         bigint      NOT NULL DEFAULT 0,
    -- how many records the topics held when the replay started (its end), for a percentage
    records_total  bigint      NOT NULL DEFAULT 0,
    error          text,
    started_at     timestamptz NOT NULL,
    finished_at    timestamptz
);
CREATE INDEX replays_destination ON replays (destination_id, started_at);
