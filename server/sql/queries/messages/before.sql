-- The newest :limit messages below seq :before, returned ascending.
SELECT * FROM (
    SELECT id, conversation_id, seq, sender_id, client_message_id, key_id, nonce, ciphertext, created_at, removed
    FROM messages WHERE conversation_id = :id AND seq < :before
    ORDER BY seq DESC LIMIT :limit
) page ORDER BY seq
