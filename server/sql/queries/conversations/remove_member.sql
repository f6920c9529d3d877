DELETE FROM conversation_members WHERE conversation_id = :id AND user_id = :user_id RETURNING user_id
