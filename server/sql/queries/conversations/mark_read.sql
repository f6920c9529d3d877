-- Moves read (and so delivered) positions forward only. :marks is a JSON array of {conversation_id, user_id, seq}.
UPDATE conversation_members m SET last_read_seq = greatest(m.last_read_seq, v.seq),
                                  delivered_seq = greatest(m.delivered_seq, v.seq)
FROM jsonb_to_recordset(CAST(:marks AS jsonb)) AS v(conversation_id bigint, user_id bigint, seq bigint)
WHERE m.conversation_id = v.conversation_id AND m.user_id = v.user_id AND m.last_read_seq < v.seq
