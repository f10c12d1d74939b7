-- The pointer to the projection schema version that reads and live writes use (dev.eventfold.runtime.replay):
-- the function's own schema until a replay switches it to a version it built (<schema>_vN) or back.
CREATE TABLE IF NOT EXISTS active_version (
    singleton   boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    schema_name text        NOT NULL,
    switched_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO active_version (schema_name) VALUES (current_schema()) ON CONFLICT DO NOTHING;
