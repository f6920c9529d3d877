-- Growing lockout: from the 5th consecutive failure, 2^(n-5) seconds, at most 15 minutes.
UPDATE users SET failed_logins = failed_logins + 1,
    locked_until = CASE WHEN failed_logins + 1 >= 5
        THEN now() + make_interval(secs => LEAST(900, power(2, failed_logins + 1 - 5)))
        ELSE locked_until END
WHERE id = :id
