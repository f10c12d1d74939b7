-- Entity ids and event ids are scoped to their organization (issue 11): a user is (org_id, id), an event is
-- (org_id, source, event_id). Before this, two organizations creating user u1 collided on users.id (the second
-- was dead-lettered) and the same event id from two tenants was applied once. Existing rows are carried over:
-- users already hold their org_id; history rows take it from their user; parked events take their source from
-- the stored event. History and applied rows written before this migration did not record their source: they
-- keep source '' (the runtime's processed_events rows of that time, also source '', still deduplicate them).

ALTER TABLE ${projection_schema}.users DROP CONSTRAINT users_pkey;
ALTER TABLE ${projection_schema}.users ADD PRIMARY KEY (org_id, id);
-- the primary key now serves the read API's (org_id, id) lookups and pages
DROP INDEX ${projection_schema}.users_by_org;

ALTER TABLE ${projection_schema}.user_logins ADD COLUMN org_id text, ADD COLUMN source text NOT NULL DEFAULT '';
UPDATE ${projection_schema}.user_logins l SET org_id = u.org_id FROM ${projection_schema}.users u WHERE u.id = l.user_id;
UPDATE ${projection_schema}.user_logins SET org_id = '' WHERE org_id IS NULL;
ALTER TABLE ${projection_schema}.user_logins ALTER COLUMN org_id SET NOT NULL, ALTER COLUMN source DROP DEFAULT;
ALTER TABLE ${projection_schema}.user_logins DROP CONSTRAINT user_logins_pkey;
ALTER TABLE ${projection_schema}.user_logins ADD PRIMARY KEY (org_id, source, event_id);
DROP INDEX ${projection_schema}.user_logins_newest_first;
CREATE INDEX user_logins_newest_first ON ${projection_schema}.user_logins (org_id, user_id, at DESC, event_id DESC);

ALTER TABLE ${projection_schema}.user_failed_logins ADD COLUMN org_id text, ADD COLUMN source text NOT NULL DEFAULT '';
UPDATE ${projection_schema}.user_failed_logins l SET org_id = u.org_id FROM ${projection_schema}.users u WHERE u.id = l.user_id;
UPDATE ${projection_schema}.user_failed_logins SET org_id = '' WHERE org_id IS NULL;
ALTER TABLE ${projection_schema}.user_failed_logins ALTER COLUMN org_id SET NOT NULL, ALTER COLUMN source DROP DEFAULT;
ALTER TABLE ${projection_schema}.user_failed_logins DROP CONSTRAINT user_failed_logins_pkey;
ALTER TABLE ${projection_schema}.user_failed_logins ADD PRIMARY KEY (org_id, source, event_id);
DROP INDEX ${projection_schema}.user_failed_logins_newest_first;
CREATE INDEX user_failed_logins_newest_first ON ${projection_schema}.user_failed_logins (org_id, user_id, at DESC, event_id DESC);

ALTER TABLE ${projection_schema}.parked_events ADD COLUMN source text;
UPDATE ${projection_schema}.parked_events SET source = coalesce(event ->> 'source', '');
ALTER TABLE ${projection_schema}.parked_events ALTER COLUMN source SET NOT NULL;
ALTER TABLE ${projection_schema}.parked_events DROP CONSTRAINT parked_events_event_id_key;
ALTER TABLE ${projection_schema}.parked_events ADD CONSTRAINT parked_events_identity UNIQUE (org_id, source, event_id);
DROP INDEX ${projection_schema}.parked_events_by_user;
CREATE INDEX parked_events_by_user ON ${projection_schema}.parked_events (org_id, user_id, seq);

ALTER TABLE ${projection_schema}.applied_events ADD COLUMN org_id text NOT NULL DEFAULT '',
    ADD COLUMN source text NOT NULL DEFAULT '';
ALTER TABLE ${projection_schema}.applied_events ALTER COLUMN org_id DROP DEFAULT, ALTER COLUMN source DROP DEFAULT;
ALTER TABLE ${projection_schema}.applied_events DROP CONSTRAINT applied_events_pkey;
ALTER TABLE ${projection_schema}.applied_events ADD PRIMARY KEY (org_id, source, event_id);
