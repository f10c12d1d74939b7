-- Each user's version: one more for every change applied to it, in the same transaction. A user's derived state
-- events carry it as their CloudEvents sequence, so a consumer keeping the latest state never goes back in time.
-- Users folded before this column existed start at 0: their next state is version 1.
ALTER TABLE ${projection_schema}.users ADD COLUMN version bigint NOT NULL DEFAULT 0;
