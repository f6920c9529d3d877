-- Moves read (and so delivered) positions forward only. :marks is a JSON array of {conversation_id, user_id, seq}.
-- The `= ANY (ARRAY(...))` conditions repeat the join's so the rows are found by primary-key probes under any
-- plan: a generic plan made while the table was small joined by a sequential scan (tst_migrations).
UPDATE conversation_members m SET last_read_seq = greatest(m.last_read_seq, v.seq),
                                  delivered_seq = greatest(m.delivered_seq, v.seq)
FROM jsonb_to_recordset(CAST(:marks AS jsonb)) AS v(conversation_id bigint, user_id bigint, seq bigint)
WHERE m.conversation_id = v.conversation_id AND m.user_id = v.user_id AND m.last_read_seq < v.seq
  AND m.conversation_id = ANY (ARRAY(SELECT w.conversation_id FROM jsonb_to_recordset(CAST(:marks AS jsonb))
                                                                     AS w(conversation_id bigint)))
  AND m.user_id = ANY (ARRAY(SELECT w.user_id FROM jsonb_to_recordset(CAST(:marks AS jsonb)) AS w(user_id bigint)))
