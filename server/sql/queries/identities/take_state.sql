-- Single use: the row goes whether or not it is still valid.
DELETE FROM oidc_login_states WHERE state_hash = :state_hash
RETURNING provider, redirect, nonce, key_id, expires_at > now() AS live
