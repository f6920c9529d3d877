UPDATE users SET totp_failures = totp_failures + 1 WHERE id = :id RETURNING totp_failures
