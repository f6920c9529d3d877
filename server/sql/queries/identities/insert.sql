INSERT INTO user_identities (user_id, issuer, subject, provider, last_used_at)
VALUES (:user_id, :issuer, :subject, :provider, now())
