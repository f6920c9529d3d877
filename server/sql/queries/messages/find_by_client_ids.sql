-- Messages already stored under these (conversation, sender, clientMessageId) keys: retries of a send. One probe
-- of the unique index per key, whatever the statistics say: as a plain join the cached plan of a young database
-- hashed the keys and scanned the whole messages table on every batch (found with auto_explain on the bench).
SELECT mr.*
FROM jsonb_to_recordset(CAST(:keys AS jsonb)) AS k(conversation_id bigint, sender_id bigint, client_message_id text)
CROSS JOIN LATERAL (
    SELECT v.* FROM message_rows v
    WHERE v.conversation_id = k.conversation_id AND v.sender_id = k.sender_id
      AND v.client_message_id = k.client_message_id
    OFFSET 0
) mr
