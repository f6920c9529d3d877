SELECT 1 FROM oidc_used_nonces WHERE issuer = :issuer AND nonce_hash = :nonce_hash
