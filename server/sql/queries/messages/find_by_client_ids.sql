-- Messages already stored under these (conversation, sender, clientMessageId) keys: retries of a send.
SELECT mr.*
FROM jsonb_to_recordset(CAST(:keys AS jsonb)) AS k(conversation_id bigint, sender_id bigint, client_message_id text)
JOIN message_rows mr ON mr.conversation_id = k.conversation_id AND mr.sender_id = k.sender_id
                    AND mr.client_message_id = k.client_message_id
