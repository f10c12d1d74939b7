-- One outbox row per transaction instead of one per derived event: the batch's events in order (each the JSON of
-- one CloudEvent, kept as text: the relay only reads them back) and the Kafka keys they are sent with (orgid/subject,
-- distinct). A batch of 2,000 derived events was 2,000 rows, two index entries each, deleted again a moment later
-- and looked up by subject with an index that kept every dead row visible until a vacuum: about a third of
-- PostgreSQL's time on the Kafka path (bench/results/2026-12-04-compact-outbox.md). Now it is one row, one
-- primary-key entry, and the order check (OutboxStore.add) reads the few rows still waiting.
ALTER TABLE outbox ADD COLUMN events text[], ADD COLUMN keys text[], ADD COLUMN n integer;
-- rows a previous version left (committed, not yet sent) become batches of one, in the same order
UPDATE outbox SET events = ARRAY[event::text],
    keys = ARRAY[replace(replace(event->>'orgid', '%', '%25'), '/', '%2F') || '/' || (event->>'subject')], n = 1;
ALTER TABLE outbox DROP COLUMN event;
ALTER TABLE outbox ALTER COLUMN events SET NOT NULL, ALTER COLUMN keys SET NOT NULL, ALTER COLUMN n SET NOT NULL;
-- written once and read once: compressing the array on the hot path costs more CPU than the bytes it saves
ALTER TABLE outbox ALTER COLUMN events SET STORAGE EXTERNAL, ALTER COLUMN keys SET STORAGE EXTERNAL;
