-- The claim's lease in a column of its own that no index covers. A claim (one per delivery) used to move
-- next_attempt_at to the end of the lease: an indexed column, so every claim wrote a new entry into each of the
-- table's six indexes. Now it writes claimed_until only, and PostgreSQL can update the row in place (a HOT update,
-- no index entries) when its page has room; the fill factor leaves that room. A pending message is claimable when
-- it is due (next_attempt_at) and not leased (claimed_until null or past); a recording clears the lease.
ALTER TABLE delivery_messages ADD COLUMN claimed_until timestamptz;
ALTER TABLE delivery_messages SET (fillfactor = 70);
-- Read by no query since claims walk the destinations over delivery_messages_destination_due (V9.2); each
-- enqueue and each claim still paid for its entries.
DROP INDEX delivery_messages_due;
