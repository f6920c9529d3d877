-- Catch-up: messages after each position (:positions is a JSON array of {conversation_id, after}),
-- ascending by seq within each conversation, at most :limit in all.
SELECT m.id, m.conversation_id, m.seq, m.sender_id, m.client_message_id, m.key_id, m.nonce, m.ciphertext,
       m.created_at, m.removed
FROM jsonb_to_recordset(CAST(:positions AS jsonb)) AS p(conversation_id bigint, after bigint)
CROSS JOIN LATERAL (
    SELECT * FROM messages x WHERE x.conversation_id = p.conversation_id AND x.seq > p.after
    ORDER BY x.seq LIMIT :limit
) m
ORDER BY m.conversation_id, m.seq
LIMIT :limit
