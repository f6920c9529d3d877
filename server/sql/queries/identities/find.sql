SELECT user_id FROM user_identities WHERE issuer = :issuer AND subject = :subject
