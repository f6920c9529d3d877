SELECT id, conversation_id, seq, sender_id, client_message_id, key_id, nonce, ciphertext, created_at, removed
FROM messages WHERE id = :id
