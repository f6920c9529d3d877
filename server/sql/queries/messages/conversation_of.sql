SELECT conversation_id FROM messages WHERE id = :id
