-- One-time pre-keys of one upload ([{key_id, public_key (base64)}]); a key id uploaded again is replaced.
-- Answers how many the device holds now.
WITH added AS (
    INSERT INTO e2ee_one_time_prekeys (session_id, key_id, public_key)
    SELECT CAST(:session_id AS uuid), k.key_id, decode(k.public_key, 'base64')
    FROM jsonb_to_recordset(CAST(:keys AS jsonb)) AS k(key_id integer, public_key text)
    ON CONFLICT (session_id, key_id) DO UPDATE SET public_key = EXCLUDED.public_key
    RETURNING key_id
)
SELECT (SELECT count(*) FROM e2ee_one_time_prekeys WHERE session_id = CAST(:session_id AS uuid))
       + (SELECT count(*) FROM added a WHERE NOT EXISTS (SELECT 1 FROM e2ee_one_time_prekeys p
                                                        WHERE p.session_id = CAST(:session_id AS uuid) AND p.key_id = a.key_id))
