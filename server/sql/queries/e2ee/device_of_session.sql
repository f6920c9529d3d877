-- The calling device's row, locked for its key upload.
SELECT device_id, identity_key FROM e2ee_devices WHERE session_id = :session_id FOR UPDATE
