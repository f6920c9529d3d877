-- The new sealed content; the search indexer re-indexes the message (its old tokens are deleted beside this).
UPDATE messages SET key_id = :key_id, nonce = :nonce, ciphertext = :ciphertext, edited_at = now(), needs_index = true
WHERE id = :id
RETURNING edited_at
