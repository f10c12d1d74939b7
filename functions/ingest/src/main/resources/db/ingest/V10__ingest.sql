-- ingest's own tables: tenants, the hashes of the API keys it issued, and which organization owns each page
-- (learnt from accepted page.created events, so that tracking-pixel hits can be attributed without a key).

CREATE TABLE organizations (
    id         text PRIMARY KEY,
    name       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE issued_api_keys (
    key_hash   text PRIMARY KEY,            -- HMAC-SHA256 of the key with the pepper; the key itself is never stored
    key_id     text        NOT NULL UNIQUE,
    org_id     text        NOT NULL REFERENCES organizations (id),
    label      text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE page_organizations (
    page_id    text PRIMARY KEY,
    org_id     text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
