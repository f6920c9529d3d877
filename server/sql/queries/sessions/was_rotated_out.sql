SELECT EXISTS (SELECT 1 FROM session_rotated_tokens WHERE session_id = :id AND refresh_hash = :hash)
