-- The messages of claimed queue rows (bigint array literal), read after the rows are locked: an edit committed
-- before this statement is seen; a later one waits for the lock in search/enqueue and queues the message again.
-- A queued id without its message (search_queue has no foreign key: migration 010) reads as removed.
SELECT c.id, coalesce(m.conversation_id, 0), coalesce(m.seq, 0), m.key_id, m.nonce, m.ciphertext,
       coalesce(m.removed, 1)
FROM unnest(CAST(:ids AS bigint[])) AS c(id) LEFT JOIN messages m ON m.id = c.id
ORDER BY c.id
