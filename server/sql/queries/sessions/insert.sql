INSERT INTO sessions (id, user_id, refresh_hash, user_agent, client_address, expires_at)
VALUES (:id, :user_id, :refresh_hash, :user_agent, :client_address, now() + make_interval(secs => :ttl))
