UPDATE users SET last_seen = now() WHERE id = :id RETURNING last_seen
