-- A revoked session's Web Push subscriptions go with it (migration 014): no push reaches a device that signed out;
-- so do its end-to-end encryption keys (migration 019): it stops being one of its user's current devices.
WITH unsubscribed AS (DELETE FROM push_subscriptions WHERE user_id = :user_id),
     keys_gone AS (DELETE FROM e2ee_devices WHERE user_id = :user_id)
UPDATE sessions SET revoked_at = now(), revoked_reason = :reason
WHERE user_id = :user_id AND revoked_at IS NULL
RETURNING id
