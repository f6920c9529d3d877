UPDATE users SET role = :role WHERE id = :id
RETURNING id, username, display_name, role, state, suspended_until, ban_reason, last_seen, created_at
