UPDATE users SET totp_enabled = true, totp_last_step = :step, totp_failures = 0 WHERE id = :id
