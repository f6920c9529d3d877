-- A conversation's pinned messages, most recently pinned first.
SELECT mr.* FROM message_rows mr WHERE mr.conversation_id = :id AND mr.pinned_at IS NOT NULL
ORDER BY mr.pinned_at DESC, mr.id DESC LIMIT :limit
