-- :rows is a JSON array of {message_id, conversation_id, tokens: ["<bigint>", ...]} (strings: a JSON number
-- would not hold 64 bits). The message's token list, and one posting per token.
WITH rows AS (
    SELECT r.message_id, r.conversation_id, ARRAY(SELECT CAST(x AS bigint) FROM jsonb_array_elements_text(r.tokens) AS x) AS tokens
    FROM jsonb_to_recordset(CAST(:rows AS jsonb)) AS r(message_id bigint, conversation_id bigint, tokens jsonb)),
listed AS (
    INSERT INTO message_search (message_id, conversation_id, tokens)
    SELECT message_id, conversation_id, tokens FROM rows
    ON CONFLICT (message_id) DO UPDATE SET tokens = EXCLUDED.tokens)
INSERT INTO search_postings (token, message_id)
SELECT t.token, rows.message_id FROM rows, unnest(rows.tokens) AS t(token)
ON CONFLICT DO NOTHING
