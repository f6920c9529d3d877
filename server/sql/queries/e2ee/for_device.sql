-- What one device may read of these log positions ([{conversation_id, seq}]): each E2EE position's sending
-- device, and the ciphertext for this device when there is one. Positions that are not E2EE have no row.
SELECT e.conversation_id, e.seq, e.sender_device, c.type, encode(c.body, 'base64')
FROM jsonb_to_recordset(CAST(:keys AS jsonb)) AS k(conversation_id bigint, seq bigint)
JOIN e2ee_envelopes e ON e.conversation_id = k.conversation_id AND e.seq = k.seq
LEFT JOIN e2ee_ciphertexts c ON c.conversation_id = e.conversation_id AND c.seq = e.seq
                            AND c.session_id = CAST(:session_id AS uuid)
