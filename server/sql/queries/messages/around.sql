-- Up to :radius messages before and after a seq in one conversation, with that seq itself, ascending.
SELECT id, conversation_id, seq, sender_id, client_message_id, key_id, nonce, ciphertext, created_at, removed
FROM messages
WHERE conversation_id = :id AND seq BETWEEN :from_seq AND :to_seq
ORDER BY seq
