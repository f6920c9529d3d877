-- The members of a set of conversations (bigint array literal) with their history windows (visible_from_seq):
-- what a replay of the log may show each of them (EventReplay).
SELECT conversation_id, user_id, visible_from_seq FROM conversation_members
WHERE conversation_id = ANY (CAST(:ids AS bigint[]))
