-- The calling device's number and how many one-time pre-keys it has left (no row: it uploaded no keys).
SELECT d.device_id, (SELECT count(*) FROM e2ee_one_time_prekeys p WHERE p.session_id = d.session_id)
FROM e2ee_devices d WHERE d.session_id = :session_id
