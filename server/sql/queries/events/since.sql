-- Events after each position (:positions is a JSON array of {conversation_id, after, visible_from}), ascending by
-- seq within each conversation, at most :limit in all, none about a message from before visible_from (the
-- member's history window); with the removed state of the message an event is about (a hidden or deleted
-- message's edits are replayed without text), and for a `message` event its message's current row.
-- The log is two tables in one seq order: a message's creation event is its `messages` row (migration 010), every
-- other event a `conversation_events` row. Both are read by (conversation_id, seq) index ranges.
SELECT e.conversation_id, e.seq, e.type, e.actor_id, e.message_id, e.data, e.key_id, e.nonce, e.ciphertext,
       e.created_at, t.removed, mr.*
FROM jsonb_to_recordset(CAST(:positions AS jsonb)) AS p(conversation_id bigint, after bigint, visible_from bigint)
CROSS JOIN LATERAL (
    SELECT u.* FROM (
        (SELECT x.conversation_id, x.seq, x.type, x.actor_id, x.message_id, x.data, x.key_id, x.nonce, x.ciphertext,
                x.created_at
         FROM conversation_events x WHERE x.conversation_id = p.conversation_id AND x.seq > p.after
           AND (p.visible_from = 0 OR x.message_id IS NULL
                OR EXISTS (SELECT 1 FROM messages w WHERE w.id = x.message_id AND w.seq >= p.visible_from))
         ORDER BY x.seq LIMIT :limit)
        UNION ALL
        (SELECT m.conversation_id, m.seq, 'message', m.sender_id, m.id, '{}'::jsonb, NULL::text, NULL::bytea,
                NULL::bytea, m.created_at
         FROM messages m WHERE m.conversation_id = p.conversation_id AND m.seq > p.after
         ORDER BY m.seq LIMIT :limit)
    ) u
    ORDER BY u.seq LIMIT :limit
) e
LEFT JOIN messages t ON t.id = e.message_id
LEFT JOIN message_rows mr ON e.type = 'message' AND mr.id = e.message_id
ORDER BY e.conversation_id, e.seq
LIMIT :limit
