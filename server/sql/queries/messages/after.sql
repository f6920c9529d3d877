SELECT mr.* FROM message_rows mr WHERE mr.conversation_id = :id AND mr.seq > :after
ORDER BY mr.seq LIMIT :limit
