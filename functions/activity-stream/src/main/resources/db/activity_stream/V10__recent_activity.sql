-- The recent-activity store: the derived events each organization's dashboards may resume from, bounded per
-- organization (pruned by ActivityStore.prune). A row is identified by its place on the log; the unique event
-- identity keeps an event re-emitted at another offset (at-least-once outbox) from showing twice.
CREATE TABLE activity (
    sequence     bigserial PRIMARY KEY,
    topic        text        NOT NULL,
    partition    integer     NOT NULL,
    kafka_offset bigint      NOT NULL,
    org_id       text        NOT NULL,
    source       text        NOT NULL,
    event_id     text        NOT NULL,
    type         text        NOT NULL,
    subject      text        NOT NULL,
    time         timestamptz NOT NULL,
    data         jsonb       NOT NULL,
    recorded_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (topic, partition, kafka_offset),
    UNIQUE (org_id, source, event_id)
);

CREATE INDEX activity_org_sequence ON activity (org_id, sequence);
CREATE INDEX activity_org_partition ON activity (org_id, topic, partition, kafka_offset);

-- Per organization and partition, the highest offset pruned: a client whose cursor is below it missed items
-- that are gone, and gets resync instead of a silent gap.
CREATE TABLE activity_pruned (
    org_id         text    NOT NULL,
    topic          text    NOT NULL,
    partition      integer NOT NULL,
    through_offset bigint  NOT NULL,
    PRIMARY KEY (org_id, topic, partition)
);
