-- The current devices (keys uploaded, session neither revoked nor expired) of the members of these
-- conversations: what an E2EE message must be encrypted for.
SELECT m.conversation_id, d.user_id, CAST(d.session_id AS text), d.device_id
FROM conversation_members m
JOIN e2ee_devices d ON d.user_id = m.user_id
JOIN sessions s ON s.id = d.session_id
WHERE m.conversation_id = ANY (CAST(:ids AS bigint[])) AND s.revoked_at IS NULL AND s.expires_at > now()
ORDER BY m.conversation_id, d.user_id, d.device_id
