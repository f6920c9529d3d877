-- Accepts a step only once: succeeds only when it is newer than the last one used.
UPDATE users SET totp_last_step = :step, totp_failures = 0 WHERE id = :id AND totp_last_step < :step
