-- A group with every member, for moderators (no membership needed).
SELECT c.id, c.title, c.description, coalesce(c.avatar_media_id, 0), c.history_visible, c.created_at,
       c.created_by,
       (SELECT json_agg(json_build_object('id', u.id::text, 'username', u.username, 'displayName', u.display_name,
                                          'role', m.role, 'joinedAt', m.joined_at)
                        ORDER BY m.joined_at, u.id)
        FROM conversation_members m JOIN users u ON u.id = m.user_id
        WHERE m.conversation_id = c.id) AS members,
       ''
FROM conversations c
WHERE c.id = :id AND c.type = 'group'
