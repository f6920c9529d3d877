-- Every device's ciphertext of these log positions ([{conversation_id, seq}]), for replaying a fan-out that a
-- node missed (ClusterCatchUp).
SELECT e.conversation_id, e.seq, e.sender_device, CAST(c.session_id AS text), d.user_id, d.device_id, c.type,
       encode(c.body, 'base64')
FROM jsonb_to_recordset(CAST(:keys AS jsonb)) AS k(conversation_id bigint, seq bigint)
JOIN e2ee_envelopes e ON e.conversation_id = k.conversation_id AND e.seq = k.seq
LEFT JOIN e2ee_ciphertexts c ON c.conversation_id = e.conversation_id AND c.seq = e.seq
LEFT JOIN e2ee_devices d ON d.session_id = c.session_id
