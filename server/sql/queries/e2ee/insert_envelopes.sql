-- The encrypted parts of a batch's E2EE messages and edits: one envelope per log position
-- ([{conversation_id, seq, message_id, sender_device}]) and one ciphertext per recipient device
-- ([{conversation_id, seq, session_id, type, body (base64)}]).
WITH envelopes AS (
    INSERT INTO e2ee_envelopes (conversation_id, seq, message_id, sender_device)
    SELECT e.conversation_id, e.seq, e.message_id, e.sender_device
    FROM jsonb_to_recordset(CAST(:envelopes AS jsonb)) AS e(conversation_id bigint, seq bigint, message_id bigint,
                                                            sender_device integer)
    RETURNING conversation_id, seq
)
INSERT INTO e2ee_ciphertexts (conversation_id, seq, session_id, type, body)
SELECT c.conversation_id, c.seq, CAST(c.session_id AS uuid), c.type, decode(c.body, 'base64')
FROM jsonb_to_recordset(CAST(:ciphertexts AS jsonb)) AS c(conversation_id bigint, seq bigint, session_id text,
                                                          type smallint, body text)
WHERE (SELECT count(*) FROM envelopes) > 0
