-- A user's subscriptions, oldest first.
SELECT id, session_id::text, endpoint_hash, key_id, nonce, sealed, created_at, false AS inserted
FROM push_subscriptions WHERE user_id = :user_id ORDER BY id
