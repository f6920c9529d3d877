-- A group with every member (in the order they joined) and :user_id's role in it; no row when :user_id is not a
-- member. :user_id 0: for moderators, any group (role empty).
SELECT c.id, c.title, c.description, coalesce(c.avatar_media_id, 0), c.history_visible, c.created_at,
       c.created_by,
       (SELECT json_agg(json_build_object('id', u.id::text, 'username', u.username, 'displayName', u.display_name,
                                          'role', m.role, 'joinedAt', m.joined_at)
                        ORDER BY m.joined_at, u.id)
        FROM conversation_members m JOIN users u ON u.id = m.user_id
        WHERE m.conversation_id = c.id) AS members,
       coalesce(me.role, '')
FROM conversations c
LEFT JOIN conversation_members me ON me.conversation_id = c.id AND me.user_id = :user_id
WHERE c.id = :id AND c.type = 'group' AND (me.user_id IS NOT NULL OR CAST(:user_id AS bigint) = 0)
