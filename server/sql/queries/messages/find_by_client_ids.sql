-- Messages already stored under these (conversation, sender, clientMessageId) keys: retries of a send.
SELECT m.id, m.conversation_id, m.seq, m.sender_id, m.client_message_id, m.key_id, m.nonce, m.ciphertext,
       m.created_at, m.removed
FROM jsonb_to_recordset(CAST(:keys AS jsonb)) AS k(conversation_id bigint, sender_id bigint, client_message_id text)
JOIN messages m ON m.conversation_id = k.conversation_id AND m.sender_id = k.sender_id
               AND m.client_message_id = k.client_message_id
