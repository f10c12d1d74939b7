-- Every outbox insert looks up the rows of its subjects still waiting (OutboxStore.add), so that a subject's newer
-- state is never sent before an older one another replica, or a process that died, left behind.
CREATE INDEX outbox_subject ON outbox ((event->>'subject'));
