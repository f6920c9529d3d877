-- An account made by a first sign-in with a provider: no password ('' never verifies).
INSERT INTO users (username, display_name, password_hash)
VALUES (:username, :display_name, '')
RETURNING id, username, display_name, bio, role, state, suspended_until, availability, status_text, totp_enabled
