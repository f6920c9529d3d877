-- The caller's role in a group; no row when they are not a member (or it is not a group).
SELECT m.role FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id AND c.type = 'group'
WHERE m.conversation_id = :id AND m.user_id = :user_id
