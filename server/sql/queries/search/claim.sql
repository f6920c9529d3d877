-- Messages waiting to be (re-)indexed, oldest first; locked so a second banterd on the same database skips them.
-- Only the ids: their messages are read by search/claimed, a later statement. Read here, the text came from this
-- statement's snapshot, which can predate an edit that commits while the statement runs; the row lock the edit
-- held (search/enqueue) is gone by the time this reaches the row, so the indexer stored the words from before
-- the edit and dropped the queued row (compat search.test.mjs, "an edit right after its send").
SELECT q.message_id FROM search_queue q
ORDER BY q.message_id LIMIT :limit
FOR UPDATE SKIP LOCKED
