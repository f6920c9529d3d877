-- Registers a subscription for the calling session; the same endpoint registered again (a browser resubscribing,
-- or another session of the same user on the same device) moves to this session with its new keys. :limit caps a
-- user's subscriptions: at the cap a new endpoint inserts nothing and returns no row.
INSERT INTO push_subscriptions (user_id, session_id, endpoint_hash, key_id, nonce, sealed)
SELECT :user_id, CAST(:session_id AS uuid), :endpoint_hash, :key_id, :nonce, :sealed
WHERE (SELECT count(*) FROM push_subscriptions WHERE user_id = :user_id AND endpoint_hash <> :endpoint_hash) < :limit
ON CONFLICT (user_id, endpoint_hash) DO UPDATE
    SET session_id = EXCLUDED.session_id, key_id = EXCLUDED.key_id, nonce = EXCLUDED.nonce, sealed = EXCLUDED.sealed
RETURNING id, session_id::text, endpoint_hash, key_id, nonce, sealed, created_at, (xmax = 0) AS inserted
