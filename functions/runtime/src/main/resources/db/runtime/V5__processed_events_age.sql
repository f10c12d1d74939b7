-- Dedup records are pruned by age (eventfold.dedup.retention). processed_at grows with insertion order, so a BRIN
-- index finds the old ones in a few pages and costs the hot insert path almost nothing.
CREATE INDEX processed_events_age ON processed_events USING brin (processed_at);
