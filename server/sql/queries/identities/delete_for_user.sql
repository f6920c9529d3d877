DELETE FROM user_identities WHERE user_id = :user_id AND issuer = :issuer RETURNING provider
