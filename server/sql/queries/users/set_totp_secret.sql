UPDATE users SET totp_secret = :secret, totp_nonce = :nonce, totp_key_id = :key_id, totp_enabled = false,
    totp_last_step = 0, totp_failures = 0
WHERE id = :id
