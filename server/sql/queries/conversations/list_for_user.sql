-- The caller's conversations, most recently active first, each with its members, last message (sealed) and
-- how many messages others sent after the caller's read position (counted up to 10,000). The last message is
-- one inside the caller's history window; the read position of a member who joined starts at their join.
SELECT c.id, c.type, c.title, c.created_at,
       (SELECT json_agg(json_build_object('id', u.id::text, 'username', u.username,
                                          'displayName', u.display_name, 'role', m.role)
                        ORDER BY m.joined_at, u.id)
        FROM conversation_members m JOIN users u ON u.id = m.user_id
        WHERE m.conversation_id = c.id) AS members,
       c.e2ee,
       (SELECT count(*) FROM (SELECT 1 FROM messages x
                              WHERE x.conversation_id = c.id AND x.seq > me.last_read_seq
                                AND x.sender_id <> me.user_id AND x.removed = 0
                              LIMIT 10000) unread) AS unread,
       lm.*
FROM conversation_members me
JOIN conversations c ON c.id = me.conversation_id
LEFT JOIN LATERAL (SELECT x.* FROM message_rows x WHERE x.conversation_id = c.id AND x.seq >= me.visible_from_seq
                   ORDER BY x.seq DESC LIMIT 1) lm
       ON true
WHERE me.user_id = :user_id
ORDER BY c.updated_at DESC, c.id DESC
LIMIT :limit
