SELECT id, username, display_name, role, state, suspended_until, ban_reason, last_seen, created_at
FROM users WHERE id = :id
