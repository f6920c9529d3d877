SELECT conversation_id FROM conversation_members WHERE user_id = :user_id
