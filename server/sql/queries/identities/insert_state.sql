INSERT INTO oidc_login_states (state_hash, provider, redirect, nonce, key_id, expires_at)
VALUES (:state_hash, :provider, :redirect, :nonce, :key_id, now() + make_interval(secs => :ttl_secs))
