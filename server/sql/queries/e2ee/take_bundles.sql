-- The pre-key bundles of every current device of a user (session neither revoked nor expired), each with one
-- one-time pre-key taken out in this statement: the lowest key id that no concurrent fetch holds (FOR UPDATE
-- SKIP LOCKED), deleted and returned, so two fetches never get the same key. `remaining` is what the device
-- has left afterwards (the count reads the snapshot from before the DELETE, hence the minus one). Devices that
-- fall below :low and were not told since their last upload are marked told (`notify`): they get
-- e2ee:prekeys-low once. The fetching device (caller_session) is left out: it starts no session with itself.
WITH devices AS (
    SELECT d.* FROM e2ee_devices d JOIN sessions s ON s.id = d.session_id
    WHERE d.user_id = :user_id AND s.revoked_at IS NULL AND s.expires_at > now()
      AND d.session_id <> :caller_session
), candidates AS (
    SELECT d.session_id,
           (SELECT k.key_id FROM e2ee_one_time_prekeys k WHERE k.session_id = d.session_id
            ORDER BY k.key_id LIMIT 1 FOR UPDATE SKIP LOCKED) AS key_id,
           (SELECT count(*) FROM e2ee_one_time_prekeys k WHERE k.session_id = d.session_id) AS held
    FROM devices d
), taken AS (
    DELETE FROM e2ee_one_time_prekeys p USING candidates c
    WHERE p.session_id = c.session_id AND p.key_id = c.key_id
    RETURNING p.session_id, p.key_id, p.public_key
), counted AS (
    SELECT c.session_id, c.held - CASE WHEN c.key_id IS NULL THEN 0 ELSE 1 END AS remaining FROM candidates c
), told AS (
    UPDATE e2ee_devices d SET low_notified = true
    FROM counted c
    WHERE d.session_id = c.session_id AND c.remaining < :low AND NOT d.low_notified
    RETURNING d.session_id
)
SELECT d.session_id, d.device_id, d.registration_id, encode(d.identity_key, 'base64'), d.signed_prekey_id,
       encode(d.signed_prekey, 'base64'), encode(d.signed_prekey_signature, 'base64'), d.kyber_prekey_id,
       encode(d.kyber_prekey, 'base64'), encode(d.kyber_prekey_signature, 'base64'),
       t.key_id, encode(t.public_key, 'base64'), c.remaining,
       EXISTS (SELECT 1 FROM told x WHERE x.session_id = d.session_id)
FROM devices d
JOIN counted c ON c.session_id = d.session_id
LEFT JOIN taken t ON t.session_id = d.session_id
ORDER BY d.device_id
