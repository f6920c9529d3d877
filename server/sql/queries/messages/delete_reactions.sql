DELETE FROM message_reactions WHERE message_id = :id
