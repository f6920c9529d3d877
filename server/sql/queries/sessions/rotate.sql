-- Compare-and-swap: only the holder of the current refresh token can rotate it. The replaced token is kept
-- (as its hash) in the same statement, so a later reuse of it is told apart from a merely wrong token.
WITH rotated AS (
    UPDATE sessions SET refresh_hash = :new_hash, last_used_at = now()
    WHERE id = :id AND refresh_hash = :old_hash AND revoked_at IS NULL
    RETURNING id
)
INSERT INTO session_rotated_tokens (session_id, refresh_hash)
SELECT id, CAST(:old_hash AS bytea) FROM rotated
