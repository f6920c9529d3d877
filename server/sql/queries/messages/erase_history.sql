-- The content a deleted message left elsewhere: its earlier versions and its edit events' sealed content.
WITH versions AS (DELETE FROM message_versions WHERE message_id = :id)
UPDATE conversation_events SET key_id = NULL, nonce = NULL, ciphertext = NULL
WHERE message_id = :id AND ciphertext IS NOT NULL
