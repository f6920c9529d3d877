-- Events after each position (:positions is a JSON array of {conversation_id, after}), ascending by seq within
-- each conversation, at most :limit in all; with the removed state of the message an event is about (a hidden
-- or deleted message's edits are replayed without text), and for a `message` event its message's current row.
SELECT e.conversation_id, e.seq, e.type, e.actor_id, e.message_id, e.data, e.key_id, e.nonce, e.ciphertext,
       e.created_at, t.removed, mr.*
FROM jsonb_to_recordset(CAST(:positions AS jsonb)) AS p(conversation_id bigint, after bigint)
CROSS JOIN LATERAL (
    SELECT x.* FROM conversation_events x WHERE x.conversation_id = p.conversation_id AND x.seq > p.after
    ORDER BY x.seq LIMIT :limit
) e
LEFT JOIN messages t ON t.id = e.message_id
LEFT JOIN message_rows mr ON e.type = 'message' AND mr.id = e.message_id
ORDER BY e.conversation_id, e.seq
LIMIT :limit
