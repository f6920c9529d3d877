UPDATE conversation_members SET role = :role WHERE conversation_id = :conversation_id AND user_id = :user_id
