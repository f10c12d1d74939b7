-- The test handler's state: how many events each subject has seen.
CREATE TABLE counters (
    subject   text PRIMARY KEY,
    n         integer NOT NULL,
    last_name text    NOT NULL
);
