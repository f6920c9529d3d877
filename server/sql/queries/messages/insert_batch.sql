-- One INSERT for a whole batch; binary columns travel base64-encoded inside the bound JSON. The new messages
-- join the search indexer's queue in the same statement.
WITH inserted AS (
    INSERT INTO messages (conversation_id, seq, sender_id, client_message_id, key_id, nonce, ciphertext, reply_to_id)
    SELECT r.conversation_id, r.seq, r.sender_id, r.client_message_id, r.key_id,
           decode(r.nonce, 'base64'), decode(r.ciphertext, 'base64'), r.reply_to_id
    FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(conversation_id bigint, seq bigint, sender_id bigint,
                                                       client_message_id text, key_id text, nonce text,
                                                       ciphertext text, reply_to_id bigint)
    RETURNING id, conversation_id, seq, created_at
), queued AS (
    INSERT INTO search_queue (message_id) SELECT id FROM inserted
)
SELECT id, conversation_id, seq, created_at FROM inserted
