-- A message's earlier versions, oldest first.
SELECT version, key_id, nonce, ciphertext, replaced_at FROM message_versions WHERE message_id = :id ORDER BY version
