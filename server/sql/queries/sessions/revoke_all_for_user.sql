UPDATE sessions SET revoked_at = now(), revoked_reason = :reason
WHERE user_id = :user_id AND revoked_at IS NULL
RETURNING id
