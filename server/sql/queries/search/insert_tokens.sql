-- :rows is a JSON array of {conversation_id, message_id, token (base64)}.
INSERT INTO message_search (conversation_id, token, message_id)
SELECT r.conversation_id, decode(r.token, 'base64'), r.message_id
FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(conversation_id bigint, message_id bigint, token text)
ON CONFLICT DO NOTHING
