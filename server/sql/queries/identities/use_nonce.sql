-- One row when the nonce was not used before (it is now), none when it was.
INSERT INTO oidc_used_nonces (issuer, nonce_hash, expires_at)
VALUES (:issuer, :nonce_hash, CAST(:expires_at AS timestamptz))
ON CONFLICT DO NOTHING
RETURNING 1
