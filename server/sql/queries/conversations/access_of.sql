-- Who belongs to a set of conversations (bigint array literal), with their roles, history windows and each
-- conversation's type and whether it is end-to-end encrypted: what the batched writer checks commands against
-- and fans their events out to. Members in the order they joined (the longest-standing first: who inherits a
-- group its owner left).
SELECT m.conversation_id, m.user_id, m.role, c.type, m.visible_from_seq, c.history_visible, c.e2ee
FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id
WHERE m.conversation_id = ANY (CAST(:ids AS bigint[]))
ORDER BY m.conversation_id, m.joined_at, m.user_id
