-- Moves read (and so delivered) positions forward only. :marks is a JSON array of {conversation_id, user_id, seq};
-- a user's several marks in one conversation count as their highest (UPDATE ... FROM applies one joined row per
-- target row, and which one would be left to chance).
UPDATE conversation_members m SET last_read_seq = greatest(m.last_read_seq, v.seq),
                                  delivered_seq = greatest(m.delivered_seq, v.seq)
FROM (SELECT conversation_id, user_id, max(seq) AS seq
      FROM jsonb_to_recordset(CAST(:marks AS jsonb)) AS r(conversation_id bigint, user_id bigint, seq bigint)
      GROUP BY conversation_id, user_id) v
WHERE m.conversation_id = v.conversation_id AND m.user_id = v.user_id AND m.last_read_seq < v.seq
