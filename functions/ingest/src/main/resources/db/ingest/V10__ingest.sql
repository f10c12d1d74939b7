-- ingest's own tables. The hashes of the API keys it issues go to the runtime's api_keys table (db/runtime), the
-- same table every function with a read API keeps; here: the tenants, and which organization owns each page
-- (learnt from accepted page.created events, so that tracking-pixel hits can be attributed without a key).

CREATE TABLE organizations (
    id         text PRIMARY KEY,
    name       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE page_organizations (
    page_id    text PRIMARY KEY,
    org_id     text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
