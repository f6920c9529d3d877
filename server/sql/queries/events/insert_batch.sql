-- Events of one batch in one INSERT; sealed content travels base64-encoded inside the bound JSON.
INSERT INTO conversation_events (conversation_id, seq, type, actor_id, message_id, data, key_id, nonce, ciphertext)
SELECT e.conversation_id, e.seq, e.type, e.actor_id, e.message_id, coalesce(e.data, '{}'), e.key_id,
       decode(e.nonce, 'base64'), decode(e.ciphertext, 'base64')
FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS e(conversation_id bigint, seq bigint, type text, actor_id bigint,
                                                   message_id bigint, data jsonb, key_id text, nonce text,
                                                   ciphertext text)
RETURNING conversation_id, seq, created_at
