-- Ids of the users who may see the caller's presence: they share a conversation, and no block either way.
SELECT DISTINCT theirs.user_id
FROM conversation_members mine
JOIN conversation_members theirs ON theirs.conversation_id = mine.conversation_id AND theirs.user_id <> :user_id
WHERE mine.user_id = :user_id
  AND NOT EXISTS (SELECT 1 FROM blocks b WHERE (b.blocker_id = :user_id AND b.blocked_id = theirs.user_id)
                                          OR (b.blocker_id = theirs.user_id AND b.blocked_id = :user_id))
