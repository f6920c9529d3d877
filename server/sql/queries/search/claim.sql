-- Messages waiting to be (re-)indexed, oldest first; locked so a second banterd on the same database skips them.
-- A queued id without its message (search_queue has no foreign key: migration 010) reads as removed.
SELECT q.message_id, coalesce(m.conversation_id, 0), coalesce(m.seq, 0), m.key_id, m.nonce, m.ciphertext,
       coalesce(m.removed, 1)
FROM search_queue q LEFT JOIN messages m ON m.id = q.message_id
ORDER BY q.message_id LIMIT :limit
FOR UPDATE OF q SKIP LOCKED
