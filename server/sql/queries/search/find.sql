-- Messages that have every term (:terms is a JSON array of {conversation_id, term, token (base64)}: each term's
-- keyed hash in each conversation searched), visible, below the cursor id, newest first.
SELECT mr.* FROM message_rows mr
WHERE mr.id IN (
    SELECT s.message_id
    FROM jsonb_to_recordset(CAST(:terms AS jsonb)) AS t(conversation_id bigint, term int, token text)
    JOIN message_search s ON s.conversation_id = t.conversation_id AND s.token = decode(t.token, 'base64')
    GROUP BY s.message_id
    HAVING count(DISTINCT t.term) = :needed
)
  AND mr.removed = 0 AND mr.id < :before
ORDER BY mr.id DESC
LIMIT :limit
