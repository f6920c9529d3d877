-- The caller's groups, most recently active first: the group's fields, how many members it has and the
-- caller's role (the member list is in groups/for_member).
SELECT c.id, c.title, c.description, coalesce(c.avatar_media_id, 0), c.history_visible, c.created_at,
       c.created_by,
       (SELECT count(*) FROM conversation_members m WHERE m.conversation_id = c.id) AS member_count,
       me.role
FROM conversation_members me
JOIN conversations c ON c.id = me.conversation_id AND c.type = 'group'
WHERE me.user_id = :user_id
ORDER BY c.updated_at DESC, c.id DESC
LIMIT :limit
