-- The moderators view of accounts: every state, prefix search (:prefix is a LIKE pattern), keyset on id.
SELECT id, username, display_name, role, state, suspended_until, ban_reason, last_seen, created_at
FROM users
WHERE id > :after
  AND (lower(username) LIKE :prefix ESCAPE '\' OR lower(display_name) LIKE :prefix ESCAPE '\')
ORDER BY id
LIMIT :limit
