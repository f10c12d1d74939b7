-- user-aggregator's projection, in one schema version: ${projection_schema} (user_aggregator, or a fresh
-- user_aggregator_vN that a replay builds with these same migrations).
CREATE SCHEMA IF NOT EXISTS ${projection_schema};

CREATE TABLE ${projection_schema}.users (
    id                 text        PRIMARY KEY,
    org_id             text        NOT NULL,
    name               text        NOT NULL,
    email              text        NOT NULL,
    roles              text[]      NOT NULL,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    login_count        bigint      NOT NULL DEFAULT 0,
    failed_login_count bigint      NOT NULL DEFAULT 0,
    last_login_at      timestamptz,
    last_login_ip      text
);
CREATE INDEX users_by_org ON ${projection_schema}.users (org_id, id);

CREATE TABLE ${projection_schema}.user_logins (
    event_id   text        PRIMARY KEY,
    user_id    text        NOT NULL,
    at         timestamptz NOT NULL,
    ip         text        NOT NULL,
    user_agent text
);
CREATE INDEX user_logins_newest_first ON ${projection_schema}.user_logins (user_id, at DESC, event_id DESC);

CREATE TABLE ${projection_schema}.user_failed_logins (
    event_id   text        PRIMARY KEY,
    user_id    text        NOT NULL,
    at         timestamptz NOT NULL,
    ip         text        NOT NULL,
    user_agent text,
    reason     text        NOT NULL
);
CREATE INDEX user_failed_logins_newest_first ON ${projection_schema}.user_failed_logins (user_id, at DESC, event_id DESC);

-- Events for a user whose created has not arrived yet (park-and-replay): applied in time order when it does.
-- A parked event of another organization than the created user's stays here with the reason, for operators.
CREATE TABLE ${projection_schema}.parked_events (
    seq             bigserial   PRIMARY KEY,
    event_id        text        NOT NULL UNIQUE,
    user_id         text        NOT NULL,
    org_id          text        NOT NULL,
    type            text        NOT NULL,
    time            timestamptz NOT NULL,
    event           jsonb       NOT NULL,
    parked_at       timestamptz NOT NULL DEFAULT now(),
    rejected_reason text
);
CREATE INDEX parked_events_by_user ON ${projection_schema}.parked_events (user_id, seq);

-- The events this schema version has applied: the live function and a replay both write here, so that an event
-- reaching a version twice (a replay's drain overlapping the live consumer at switch-over) applies once.
CREATE TABLE ${projection_schema}.applied_events (
    event_id text PRIMARY KEY
);
