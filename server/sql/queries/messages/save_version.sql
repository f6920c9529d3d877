-- Keeps the current content of a message as its next earlier version, before an edit replaces it.
INSERT INTO message_versions (message_id, version, key_id, nonce, ciphertext)
SELECT m.id, coalesce((SELECT max(version) FROM message_versions WHERE message_id = m.id), 0) + 1,
       m.key_id, m.nonce, m.ciphertext
FROM messages m WHERE m.id = :id
