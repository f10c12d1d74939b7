-- Rules per organization (written by the rules API through Hibernate Reactive Panache, read by the event path).
CREATE TABLE rules (
    id               text        PRIMARY KEY,
    org_id           text        NOT NULL,
    name             text,
    kind             text        NOT NULL,
    window_seconds   bigint,
    threshold        double precision,
    direction        text,
    multiple         double precision,
    trailing_windows integer,
    watched_field    text,
    watched_value    text,
    enabled          boolean     NOT NULL DEFAULT true,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE INDEX rules_by_org ON rules (org_id, kind) WHERE enabled;

-- What each rule keeps per key (user, IP, campaign, page): watermark, open windows, raised flags, as JSON.
-- Updated in the transaction that records the event as processed, so an alert is decided exactly once.
CREATE TABLE rule_state (
    rule_id    text        NOT NULL,
    key        text        NOT NULL,
    org_id     text        NOT NULL,
    state      jsonb       NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (rule_id, key)
);
