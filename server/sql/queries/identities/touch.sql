UPDATE user_identities SET last_used_at = now() WHERE issuer = :issuer AND subject = :subject
