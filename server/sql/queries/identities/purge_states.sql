DELETE FROM oidc_login_states
WHERE ctid IN (SELECT ctid FROM oidc_login_states WHERE expires_at < now() LIMIT 1000)
