-- Hide (1: sealed content kept for the audit) or delete (2: content erased). Never shown to members again.
UPDATE messages
SET removed = greatest(removed, :mode),
    ciphertext = CASE WHEN :erase THEN ''::bytea ELSE ciphertext END
WHERE id = :id
RETURNING id, conversation_id, seq, sender_id, client_message_id, key_id, nonce, ciphertext, created_at, removed
