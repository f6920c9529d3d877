-- state: 0 active, 1 suspended until :until, 2 banned.
UPDATE users SET state = :state, suspended_until = CAST(:until AS timestamptz), ban_reason = CAST(:reason AS text)
WHERE id = :id
RETURNING id, username, display_name, role, state, suspended_until, ban_reason, last_seen, created_at
