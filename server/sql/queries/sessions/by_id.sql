-- Looking a session up is using it: last_used_at is refreshed in the same round trip (at most once a
-- minute, so a busy device does not rewrite its row on every request).
WITH touched AS (
    UPDATE sessions SET last_used_at = now()
    WHERE id = :id AND revoked_at IS NULL AND last_used_at < now() - interval '1 minute'
)
SELECT s.id, s.user_id, s.refresh_hash, s.expires_at < now() AS expired, s.revoked_at IS NOT NULL AS revoked,
       u.role, u.state, u.suspended_until, u.username
FROM sessions s JOIN users u ON u.id = s.user_id
WHERE s.id = :id
