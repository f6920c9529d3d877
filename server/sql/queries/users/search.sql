-- Prefix search on username and display name; banned accounts never appear. Keyset pagination on id.
SELECT id, username, display_name, bio, role, state, suspended_until, availability, status_text, totp_enabled
FROM users
WHERE state <> 2 AND id > :after
  AND (lower(username) LIKE :prefix ESCAPE '\' OR lower(display_name) LIKE :prefix ESCAPE '\')
ORDER BY id
LIMIT :limit
