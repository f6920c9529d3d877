-- How many of the given conversations (bigint array literal) the user belongs to.
SELECT count(*) FROM conversation_members
WHERE user_id = :user_id AND conversation_id = ANY (CAST(:ids AS bigint[]))
