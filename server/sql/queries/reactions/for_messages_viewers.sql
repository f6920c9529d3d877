-- Reactions of messages (a bigint array literal) grouped by emoji, with which of :viewers (a bigint array
-- literal) are among them; per message in the order each emoji was first used.
SELECT message_id, emoji, count(*),
       coalesce(array_agg(user_id) FILTER (WHERE user_id = ANY (CAST(:viewers AS bigint[]))), '{}')::text
FROM message_reactions WHERE message_id = ANY (CAST(:ids AS bigint[]))
GROUP BY message_id, emoji
ORDER BY message_id, min(created_at), emoji
