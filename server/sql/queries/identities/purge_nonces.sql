DELETE FROM oidc_used_nonces
WHERE ctid IN (SELECT ctid FROM oidc_used_nonces WHERE expires_at < now() LIMIT 1000)
