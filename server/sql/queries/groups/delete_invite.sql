DELETE FROM group_invites WHERE token_hash = :token_hash AND conversation_id = :conversation_id RETURNING 1
