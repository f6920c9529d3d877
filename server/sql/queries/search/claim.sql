-- Messages waiting to be (re-)indexed, oldest first; locked so a second banterd on the same database skips them.
SELECT m.id, m.conversation_id, m.seq, m.key_id, m.nonce, m.ciphertext, m.removed
FROM search_queue q JOIN messages m ON m.id = q.message_id
ORDER BY q.message_id LIMIT :limit
FOR UPDATE OF q SKIP LOCKED
