-- Users who share a conversation with the caller, minus anyone blocked in either direction and banned users.
SELECT u.id, u.username, u.display_name, u.bio, u.role, u.state, u.suspended_until, u.availability,
       u.status_text, u.totp_enabled
FROM users u
WHERE u.id <> :user_id AND u.state <> 2
  AND EXISTS (SELECT 1 FROM conversation_members mine JOIN conversation_members theirs
                ON theirs.conversation_id = mine.conversation_id
              WHERE mine.user_id = :user_id AND theirs.user_id = u.id)
  AND NOT EXISTS (SELECT 1 FROM blocks b WHERE (b.blocker_id = :user_id AND b.blocked_id = u.id)
                                          OR (b.blocker_id = u.id AND b.blocked_id = :user_id))
ORDER BY u.username
