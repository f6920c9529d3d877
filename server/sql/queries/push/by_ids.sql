-- Subscriptions by id (:ids, a JSON array), for push delivery; the ones deleted meanwhile are not answered.
SELECT id, session_id::text, endpoint_hash, key_id, nonce, sealed, created_at, false AS inserted, user_id
FROM push_subscriptions
WHERE id = ANY (ARRAY(SELECT CAST(jsonb_array_elements_text(CAST(:ids AS jsonb)) AS bigint)))
