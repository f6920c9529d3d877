-- The caller's conversations, most recently active first, each with its members, last message (sealed)
-- and how many messages arrived after the caller last read or wrote there.
SELECT c.id, c.type, c.title, c.created_at,
       (SELECT json_agg(json_build_object('id', u.id::text, 'username', u.username,
                                          'displayName', u.display_name, 'role', m.role)
                        ORDER BY m.joined_at, u.id)
        FROM conversation_members m JOIN users u ON u.id = m.user_id
        WHERE m.conversation_id = c.id) AS members,
       greatest(c.last_seq - me.last_read_seq, 0) AS unread,
       lm.id, lm.conversation_id, lm.seq, lm.sender_id, lm.client_message_id, lm.key_id, lm.nonce,
       lm.ciphertext, lm.created_at, lm.removed
FROM conversation_members me
JOIN conversations c ON c.id = me.conversation_id
LEFT JOIN messages lm ON lm.conversation_id = c.id AND lm.seq = c.last_seq
WHERE me.user_id = :user_id
ORDER BY c.updated_at DESC, c.id DESC
LIMIT :limit
