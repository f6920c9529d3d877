-- A revoked session's Web Push subscriptions go with it (migration 014): no push reaches a device that signed out.
WITH unsubscribed AS (DELETE FROM push_subscriptions WHERE session_id = :id)
UPDATE sessions SET revoked_at = now(), revoked_reason = :reason WHERE id = :id AND revoked_at IS NULL
