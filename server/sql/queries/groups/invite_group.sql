-- The group an invite is for, whatever its state (the writer checks that it can still be used).
SELECT conversation_id FROM group_invites WHERE token_hash = :token_hash
