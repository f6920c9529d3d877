SELECT id, user_agent, client_address, created_at, last_used_at, false
FROM sessions WHERE user_id = :user_id AND revoked_at IS NULL AND expires_at > now()
ORDER BY last_used_at DESC
