-- The events this schema version has applied (dev.eventfold.runtime.replay.AppliedEvents): the live function and
-- a replay both record here, so an event reaching a version twice (a replay's drain overlapping the live consumer,
-- a version caught up again before a switch back) applies once. The base schema starts with what the runtime's
-- processed_events holds (everything applied so far); a fresh version that a replay builds starts empty.
CREATE TABLE applied_events (
    org_id   text NOT NULL,
    source   text NOT NULL,
    event_id text NOT NULL,
    PRIMARY KEY (org_id, source, event_id)
);
DO $$
BEGIN
    IF to_regclass('processed_events') IS NOT NULL THEN
        INSERT INTO applied_events (org_id, source, event_id)
        SELECT org_id, source, event_id FROM processed_events ON CONFLICT DO NOTHING;
    END IF;
END $$;
