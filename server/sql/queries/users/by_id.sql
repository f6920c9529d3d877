SELECT id, username, display_name, bio, role, state, suspended_until, availability, status_text, totp_enabled,
       password_hash, failed_logins, locked_until, totp_secret, totp_nonce, totp_key_id, totp_last_step, totp_failures
FROM users WHERE id = :id
