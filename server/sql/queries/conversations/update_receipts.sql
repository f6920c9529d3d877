-- Moves receipts forward only, capped at the conversation's last seq; reading implies having received.
-- :marks is a JSON array of {conversation_id, user_id, delivered, read}. Returns the rows that moved.
UPDATE conversation_members m
SET delivered_seq = greatest(m.delivered_seq, least(greatest(v.delivered, v.read), c.last_seq)),
    last_read_seq = greatest(m.last_read_seq, least(v.read, c.last_seq))
FROM jsonb_to_recordset(CAST(:marks AS jsonb)) AS v(conversation_id bigint, user_id bigint, delivered bigint, read bigint),
     conversations c
WHERE m.conversation_id = v.conversation_id AND m.user_id = v.user_id AND c.id = v.conversation_id
  AND (m.delivered_seq < least(greatest(v.delivered, v.read), c.last_seq) OR m.last_read_seq < least(v.read, c.last_seq))
RETURNING m.conversation_id, m.user_id, m.delivered_seq, m.last_read_seq
