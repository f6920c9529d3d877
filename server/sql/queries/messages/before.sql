-- The newest :limit messages below seq :before, returned ascending.
SELECT * FROM (
    SELECT mr.* FROM message_rows mr WHERE mr.conversation_id = :id AND mr.seq < :before
    ORDER BY mr.seq DESC LIMIT :limit
) page ORDER BY seq
