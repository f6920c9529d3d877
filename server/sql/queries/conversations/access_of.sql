-- Who belongs to a set of conversations (bigint array literal), with their roles and each conversation's type:
-- what the batched writer checks commands against and fans their events out to.
SELECT m.conversation_id, m.user_id, m.role, c.type
FROM conversation_members m JOIN conversations c ON c.id = m.conversation_id
WHERE m.conversation_id = ANY (CAST(:ids AS bigint[]))
