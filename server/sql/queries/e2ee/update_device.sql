-- A device uploads again with the same identity key: its signed pre-keys and registration id are replaced, and
-- it may be told again when its one-time pre-keys run low. A Kyber pre-key left out keeps the one stored.
UPDATE e2ee_devices
SET registration_id = :registration_id, signed_prekey_id = :signed_prekey_id,
    signed_prekey = decode(:signed_prekey, 'base64'), signed_prekey_signature = decode(:signed_prekey_signature, 'base64'),
    kyber_prekey_id = coalesce(:kyber_prekey_id, kyber_prekey_id),
    kyber_prekey = coalesce(decode(:kyber_prekey, 'base64'), kyber_prekey),
    kyber_prekey_signature = coalesce(decode(:kyber_prekey_signature, 'base64'), kyber_prekey_signature),
    low_notified = false, updated_at = now()
WHERE session_id = :session_id
RETURNING device_id
