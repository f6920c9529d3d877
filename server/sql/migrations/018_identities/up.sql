-- Sign-in with OpenID Connect providers (issue #15). An identity is a provider's account, (issuer, subject),
-- linked to exactly one user; a user has at most one identity per issuer. Accounts made by a first sign-in have
-- no password (password_hash ''; Argon2 never verifies an empty hash). No email is kept: a verified email only
-- suggests the username of a new account.
CREATE TABLE user_identities (
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    issuer text NOT NULL CHECK (char_length(issuer) BETWEEN 1 AND 512),
    subject text NOT NULL CHECK (char_length(subject) BETWEEN 1 AND 255),
    provider text NOT NULL, -- the configured name it was linked through (google, facebook, ...)
    created_at timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    PRIMARY KEY (issuer, subject),
    UNIQUE (user_id, issuer)
);

-- ID-token nonces already used, per issuer, until the token expires: a replayed token is refused. Only a hash.
CREATE TABLE oidc_used_nonces (
    issuer text NOT NULL,
    nonce_hash bytea NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (issuer, nonce_hash)
);
CREATE INDEX oidc_used_nonces_expiry ON oidc_used_nonces (expires_at);

-- The code flow between /start and /callback: single use, minutes long. The state is kept only as a hash; the
-- PKCE verifier is not kept at all (it is an HMAC of the state under the data key named here).
CREATE TABLE oidc_login_states (
    state_hash bytea PRIMARY KEY,
    provider text NOT NULL,
    redirect text NOT NULL,
    nonce text NOT NULL,
    key_id text NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX oidc_login_states_expiry ON oidc_login_states (expires_at);
