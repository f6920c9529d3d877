SELECT s.id, s.user_id, s.refresh_hash, s.expires_at < now() AS expired, s.revoked_at IS NOT NULL AS revoked,
       u.role, u.state, u.suspended_until
FROM sessions s JOIN users u ON u.id = s.user_id
WHERE s.id = :id
