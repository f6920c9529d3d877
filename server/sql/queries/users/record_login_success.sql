UPDATE users SET failed_logins = 0, locked_until = NULL, totp_failures = 0 WHERE id = :id
