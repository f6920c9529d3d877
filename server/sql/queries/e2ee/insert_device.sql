-- A new device: the lowest device number its user has free (the caller holds e2ee/lock_user). No number free
-- (127 devices with keys) leaves device_id null, which the NOT NULL refuses; the service checks first.
INSERT INTO e2ee_devices (session_id, user_id, device_id, registration_id, identity_key, signed_prekey_id,
                          signed_prekey, signed_prekey_signature, kyber_prekey_id, kyber_prekey, kyber_prekey_signature)
VALUES (CAST(:session_id AS uuid), :user_id,
        (SELECT min(n) FROM generate_series(1, 127) AS n
         WHERE n NOT IN (SELECT device_id FROM e2ee_devices WHERE user_id = :user_id)),
        :registration_id, decode(:identity_key, 'base64'), :signed_prekey_id, decode(:signed_prekey, 'base64'),
        decode(:signed_prekey_signature, 'base64'), :kyber_prekey_id, decode(:kyber_prekey, 'base64'),
        decode(:kyber_prekey_signature, 'base64'))
RETURNING device_id
