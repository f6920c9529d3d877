-- The new sealed content; the search indexer re-indexes the message (MessageRepository::edit queues it).
UPDATE messages SET key_id = :key_id, nonce = :nonce, ciphertext = :ciphertext, edited_at = now()
WHERE id = :id
RETURNING edited_at
