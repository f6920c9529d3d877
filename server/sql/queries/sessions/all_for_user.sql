SELECT id, user_agent, client_address, created_at, last_used_at, revoked_at IS NOT NULL
FROM sessions WHERE user_id = :user_id
ORDER BY created_at DESC
LIMIT 50
