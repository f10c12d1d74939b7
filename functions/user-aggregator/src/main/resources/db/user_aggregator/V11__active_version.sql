-- Which schema version the read API serves and the live function writes; a replay switches it once caught up.
-- Always in user_aggregator (idempotent, so a replay that migrates a fresh version runs it again harmlessly).
CREATE SCHEMA IF NOT EXISTS user_aggregator;
CREATE TABLE IF NOT EXISTS user_aggregator.active_version (
    singleton   boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    schema_name text        NOT NULL,
    switched_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO user_aggregator.active_version (schema_name) VALUES ('user_aggregator') ON CONFLICT DO NOTHING;
