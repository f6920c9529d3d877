-- Messages waiting to be (re-)indexed, oldest first; locked so a second banterd on the same database skips them.
SELECT id, conversation_id, seq, key_id, nonce, ciphertext, removed
FROM messages WHERE needs_index ORDER BY id LIMIT :limit
FOR UPDATE SKIP LOCKED
