-- The writer's one-statement path (MessageWriter, OneStatementPath): plain new messages — no replies, no
-- attachments, no clientMessageId seen before — of conversations whose last seq the writer knows. :counts is
-- [{id, expected, n}]: each conversation's last_seq as the writer believes it and how many messages it gets;
-- :rows are numbered from expected + 1 and sealed under those seqs (as in insert_batch). All or nothing, as one
-- statement is: when a conversation's last_seq is not the expected one (the UPDATE's re-check after waiting for
-- another writer's lock drops the row) or a sender is no member, banter_require raises BW001; a clientMessageId
-- used before raises 23505. Either way nothing was written, and the writer redoes the batch in a transaction.
-- An end-to-end encrypted conversation (migration 019) is never numbered here either: its messages carry
-- ciphertexts per device, which only the transaction path stores, and it refuses plain text there.
-- :fanout [{conversation_id, seq}] names the messages that may notify someone (MessageWriter::mayNotify): they
-- get one notification fan-out job (notify.fanout, keyed by the batch's first such message), committed with them.
-- Answers each new message's id and created_at, with its conversation's members (in join order) for fan-out.
-- The `= ANY (ARRAY(...))` conditions and the LATERAL ... OFFSET 0 find rows by key probes under any plan (see
-- allocate_seqs and find_by_client_ids): on a small table the planner hashed a sequential scan of every member.
WITH numbered AS (
    UPDATE conversations c SET last_seq = c.last_seq + v.n, updated_at = now()
    FROM jsonb_to_recordset(CAST(:counts AS jsonb)) AS v(id bigint, expected bigint, n bigint)
    WHERE c.id = v.id AND c.last_seq = v.expected AND NOT c.e2ee
      AND c.id = ANY (ARRAY(SELECT w.id FROM jsonb_to_recordset(CAST(:counts AS jsonb)) AS w(id bigint)))
    RETURNING c.id
), input AS (
    SELECT * FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(conversation_id bigint, seq bigint, sender_id bigint,
                                                                client_message_id text, key_id text, nonce text,
                                                                ciphertext text)
), checked AS (
    SELECT banter_require(
        (SELECT count(*) FROM numbered) = jsonb_array_length(CAST(:counts AS jsonb))
        AND (SELECT count(*) FROM input r CROSS JOIN LATERAL (
                 SELECT 1 FROM conversation_members m
                 WHERE m.conversation_id = r.conversation_id AND m.user_id = r.sender_id OFFSET 0) x)
            = (SELECT count(*) FROM input),
        'the writer''s last seq or membership of a conversation is out of date') AS ok
), inserted AS (
    INSERT INTO messages (conversation_id, seq, sender_id, client_message_id, key_id, nonce, ciphertext)
    SELECT r.conversation_id, r.seq, r.sender_id, r.client_message_id, r.key_id,
           decode(r.nonce, 'base64'), decode(r.ciphertext, 'base64')
    FROM input r WHERE (SELECT ok FROM checked)
    RETURNING id, conversation_id, seq, created_at
), queued AS (
    INSERT INTO search_queue (message_id) SELECT id FROM inserted
), marked AS (
    UPDATE conversation_members m SET last_read_seq = greatest(m.last_read_seq, v.seq),
                                      delivered_seq = greatest(m.delivered_seq, v.seq)
    FROM (SELECT conversation_id, sender_id, max(seq) AS seq FROM input GROUP BY conversation_id, sender_id) v
    WHERE m.conversation_id = v.conversation_id AND m.user_id = v.sender_id AND m.last_read_seq < v.seq
      AND m.conversation_id = ANY (ARRAY(SELECT conversation_id FROM input))
      AND m.user_id = ANY (ARRAY(SELECT sender_id FROM input))
      AND (SELECT ok FROM checked)
), fanout AS (
    INSERT INTO jobs (kind, job_key, payload)
    SELECT 'notify.fanout', 'm' || min(i.id), jsonb_build_object('messages', jsonb_agg(i.id ORDER BY i.id))
    FROM inserted i
    JOIN jsonb_to_recordset(CAST(:fanout AS jsonb)) AS f(conversation_id bigint, seq bigint)
      ON f.conversation_id = i.conversation_id AND f.seq = i.seq
    HAVING count(*) > 0
    ON CONFLICT (kind, job_key) DO NOTHING
), members AS (
    SELECT m.conversation_id, string_agg(CAST(m.user_id AS text), ',' ORDER BY m.joined_at, m.user_id) AS ids
    FROM conversation_members m
    WHERE m.conversation_id = ANY (ARRAY(SELECT w.id FROM jsonb_to_recordset(CAST(:counts AS jsonb)) AS w(id bigint)))
    GROUP BY m.conversation_id
)
SELECT i.id, i.conversation_id, i.seq, i.created_at, mb.ids
FROM inserted i JOIN members mb ON mb.conversation_id = i.conversation_id
