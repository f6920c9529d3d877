-- Messages after each position (:positions is a JSON array of {conversation_id, after}), ascending by seq
-- within each conversation, at most :limit in all.
SELECT mr.*
FROM jsonb_to_recordset(CAST(:positions AS jsonb)) AS p(conversation_id bigint, after bigint)
CROSS JOIN LATERAL (
    SELECT x.* FROM message_rows x WHERE x.conversation_id = p.conversation_id AND x.seq > p.after
    ORDER BY x.seq LIMIT :limit
) mr
ORDER BY mr.conversation_id, mr.seq
LIMIT :limit
