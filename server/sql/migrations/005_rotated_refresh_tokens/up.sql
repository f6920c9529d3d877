-- The refresh tokens each session has rotated out (hashes only). Only one of these coming back is reuse, a sign
-- that someone holds a stolen copy, which ends the session; any other wrong token (truncated, forged, an access
-- token) is merely invalid and must not let whoever knows a session id end someone else's login.
CREATE TABLE session_rotated_tokens (
    session_id uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    refresh_hash bytea NOT NULL,
    rotated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (session_id, refresh_hash)
);
