INSERT INTO users (username, display_name, password_hash)
VALUES (:username, :display_name, :password_hash)
RETURNING id, username, display_name, bio, role, state, suspended_until, availability, status_text, totp_enabled
