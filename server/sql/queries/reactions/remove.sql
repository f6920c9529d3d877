DELETE FROM message_reactions WHERE message_id = :message_id AND user_id = :user_id AND emoji = :emoji
RETURNING emoji
