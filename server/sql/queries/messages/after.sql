SELECT id, conversation_id, seq, sender_id, client_message_id, key_id, nonce, ciphertext, created_at, removed
FROM messages WHERE conversation_id = :id AND seq > :after
ORDER BY seq LIMIT :limit
