UPDATE recovery_codes SET used_at = now() WHERE user_id = :user_id AND code_hash = :code_hash AND used_at IS NULL
