-- campaign-aggregator's projection. Flyway runs this with the function's schema as search_path (names stay
-- unqualified, so a replay can build a fresh schema). Every row carries the tenant (org_id) in its primary key.
-- Counts are kept incrementally: pages hold their own counts and breakdowns; campaigns hold the sums over their
-- current member pages (folded in when a page joins, out when it leaves).
CREATE TABLE campaigns (
    org_id          text        NOT NULL,
    campaign_id     text        NOT NULL,
    created         boolean     NOT NULL DEFAULT false,
    name            text,
    name_at         timestamptz,
    description     text,
    description_at  timestamptz,
    pages           bigint      NOT NULL DEFAULT 0,
    pages_sent      bigint      NOT NULL DEFAULT 0,
    pages_viewed    bigint      NOT NULL DEFAULT 0,
    views           bigint      NOT NULL DEFAULT 0,
    unique_visitors bigint      NOT NULL DEFAULT 0,
    clicks          bigint      NOT NULL DEFAULT 0,
    -- grows with every change of the totals; stats events are emitted for versions above emitted_version
    version         bigint      NOT NULL DEFAULT 0,
    emitted_version bigint      NOT NULL DEFAULT 0,
    emitted_at      timestamptz,
    PRIMARY KEY (org_id, campaign_id)
);
CREATE INDEX campaigns_dirty ON campaigns (org_id, campaign_id) WHERE version > emitted_version;

CREATE TABLE pages (
    org_id          text        NOT NULL,
    page_id         text        NOT NULL,
    created         boolean     NOT NULL DEFAULT false,
    sent_at         timestamptz,
    views           bigint      NOT NULL DEFAULT 0,
    unique_visitors bigint      NOT NULL DEFAULT 0,
    first_view_at   timestamptz,
    last_view_at    timestamptz,
    clicks          bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (org_id, page_id)
);

-- Membership, last writer (by event time) wins; a page may belong to several campaigns.
CREATE TABLE page_campaigns (
    org_id      text        NOT NULL,
    page_id     text        NOT NULL,
    campaign_id text        NOT NULL,
    member      boolean     NOT NULL,
    changed_at  timestamptz NOT NULL,
    PRIMARY KEY (org_id, page_id, campaign_id)
);
CREATE INDEX page_campaigns_members ON page_campaigns (org_id, campaign_id, page_id) WHERE member;

-- Exact unique visitors: a count grows only when the insert of the key happened.
CREATE TABLE page_visitors (
    org_id      text NOT NULL,
    page_id     text NOT NULL,
    visitor_key text NOT NULL,
    PRIMARY KEY (org_id, page_id, visitor_key)
);
-- pages = how many current member pages this visitor viewed; the visitor counts while pages > 0.
CREATE TABLE campaign_visitors (
    org_id      text   NOT NULL,
    campaign_id text   NOT NULL,
    visitor_key text   NOT NULL,
    pages       bigint NOT NULL,
    PRIMARY KEY (org_id, campaign_id, visitor_key)
);

CREATE TABLE page_hourly (
    org_id  text        NOT NULL,
    page_id text        NOT NULL,
    hour    timestamptz NOT NULL,
    views   bigint      NOT NULL,
    PRIMARY KEY (org_id, page_id, hour)
);
CREATE TABLE campaign_hourly (
    org_id      text        NOT NULL,
    campaign_id text        NOT NULL,
    hour        timestamptz NOT NULL,
    views       bigint      NOT NULL,
    PRIMARY KEY (org_id, campaign_id, hour)
);

-- country_code and city are '' when unknown (they are part of the key).
CREATE TABLE page_geo (
    org_id       text   NOT NULL,
    page_id      text   NOT NULL,
    country_code text   NOT NULL,
    city         text   NOT NULL,
    country      text   NOT NULL,
    views        bigint NOT NULL,
    PRIMARY KEY (org_id, page_id, country_code, city)
);
CREATE TABLE campaign_geo (
    org_id       text   NOT NULL,
    campaign_id  text   NOT NULL,
    country_code text   NOT NULL,
    city         text   NOT NULL,
    country      text   NOT NULL,
    views        bigint NOT NULL,
    PRIMARY KEY (org_id, campaign_id, country_code, city)
);
