-- The user's history window in each of the given conversations (bigint array literal) they belong to: they see
-- the events from visible_from_seq on. No row for a conversation they are not in.
SELECT conversation_id, visible_from_seq FROM conversation_members
WHERE user_id = :user_id AND conversation_id = ANY (CAST(:ids AS bigint[]))
