-- A destination's rate limit in requests per second to the tool (what the tools' limits count), enforced by the
-- transport; function-delivery's own rate_limit counts messages (one batch request carries up to 500), so
-- integrations leaves that one unset.
ALTER TABLE destinations ADD COLUMN rate_limit integer CHECK (rate_limit IS NULL OR rate_limit > 0);
