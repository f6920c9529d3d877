-- Web Push subscriptions (issue #12): where a device wants its pushes. One per (user, endpoint); tied to the login
-- session that registered it, and removed with it: the sessions/revoke* statements delete a revoked session's
-- subscriptions (logout, session delete, ban), and deleting the session row cascades.
--
-- An endpoint and its keys are a capability: whoever has them can push to the device. So they are sealed like
-- message content (AES-256-GCM under the data key, bound to the user and the endpoint's hash: MessageSealer's
-- sealRecord), and the endpoint is found again by a keyed hash (HMAC-SHA256 under the never-rotated search key,
-- domain-separated), not by its text: a dump holds no endpoint.
CREATE TABLE push_subscriptions (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    endpoint_hash bytea NOT NULL CHECK (octet_length(endpoint_hash) = 32),
    key_id text NOT NULL,
    nonce bytea NOT NULL CHECK (octet_length(nonce) = 12),
    sealed bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, endpoint_hash)
);
CREATE INDEX push_subscriptions_session ON push_subscriptions (session_id);
