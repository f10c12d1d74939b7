-- An event's identity is (organization, source, id) (issue 11): before this, processed_events was keyed by the
-- client's id alone, so organization B's event 17 was dropped as a duplicate of organization A's event 17.
-- Rows recorded before this migration did not keep their organization or source: they are carried over with
-- org_id '' and source '' (no valid CloudEvent has an empty source), and DedupStore still treats an event whose
-- id is among them as a duplicate, so that a redelivery of an event applied before the upgrade changes nothing.
ALTER TABLE processed_events ADD COLUMN org_id text NOT NULL DEFAULT '', ADD COLUMN source text NOT NULL DEFAULT '';
ALTER TABLE processed_events ALTER COLUMN org_id DROP DEFAULT, ALTER COLUMN source DROP DEFAULT;
ALTER TABLE processed_events DROP CONSTRAINT processed_events_pkey;
ALTER TABLE processed_events ADD PRIMARY KEY (org_id, source, event_id);
