-- A conversation as one of its members sees it; no row for anyone else (no existence leak).
SELECT c.id, c.type, c.title, c.created_at,
       (SELECT json_agg(json_build_object('id', u.id::text, 'username', u.username,
                                          'displayName', u.display_name, 'role', m.role)
                        ORDER BY m.joined_at, u.id)
        FROM conversation_members m JOIN users u ON u.id = m.user_id
        WHERE m.conversation_id = c.id) AS members,
       c.e2ee
FROM conversations c
WHERE c.id = :id
  AND EXISTS (SELECT 1 FROM conversation_members WHERE conversation_id = c.id AND user_id = :user_id)
