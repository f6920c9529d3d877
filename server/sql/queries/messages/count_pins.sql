SELECT count(*) FROM messages WHERE conversation_id = :id AND pinned_at IS NOT NULL
