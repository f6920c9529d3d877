-- A request without a User-Agent header binds a null string: the columns are NOT NULL DEFAULT '', so store ''.
INSERT INTO sessions (id, user_id, refresh_hash, user_agent, client_address, expires_at)
VALUES (:id, :user_id, :refresh_hash, COALESCE(:user_agent, ''), COALESCE(:client_address, ''),
        now() + make_interval(secs => :ttl))
