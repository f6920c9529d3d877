-- Reactions of messages (a bigint array literal) grouped by emoji, with whether :viewer is among them; per
-- message in the order each emoji was first used.
SELECT message_id, emoji, count(*), bool_or(user_id = :viewer) IS TRUE
FROM message_reactions WHERE message_id = ANY (CAST(:ids AS bigint[]))
GROUP BY message_id, emoji
ORDER BY message_id, min(created_at), emoji
