-- :rows is a JSON array of {message_id, conversation_id, tokens: [base64, ...]}.
INSERT INTO message_search (message_id, conversation_id, tokens)
SELECT r.message_id, r.conversation_id,
       ARRAY(SELECT decode(x, 'base64') FROM jsonb_array_elements_text(r.tokens) AS x)
FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(message_id bigint, conversation_id bigint, tokens jsonb)
ON CONFLICT (message_id) DO UPDATE SET tokens = EXCLUDED.tokens
