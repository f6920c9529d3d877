SELECT provider, issuer, created_at, last_used_at FROM user_identities WHERE user_id = :user_id ORDER BY created_at, issuer
