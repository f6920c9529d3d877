-- Visible messages that hold every wanted token of their conversation (:wanted is a JSON array of
-- {conversation_id, tokens: [base64, ...]}: the query's terms hashed for each conversation searched), below the
-- cursor id, newest first.
SELECT mr.*
FROM (SELECT w.conversation_id, ARRAY(SELECT decode(x, 'base64') FROM jsonb_array_elements_text(w.tokens) AS x) AS tokens
      FROM jsonb_to_recordset(CAST(:wanted AS jsonb)) AS w(conversation_id bigint, tokens jsonb)) wanted
JOIN message_search s ON s.conversation_id = wanted.conversation_id AND s.tokens @> wanted.tokens
JOIN message_rows mr ON mr.id = s.message_id
WHERE mr.removed = 0 AND mr.id < :before
ORDER BY mr.id DESC
LIMIT :limit
