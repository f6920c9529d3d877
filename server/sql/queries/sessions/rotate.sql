-- Compare-and-swap: only the holder of the current refresh token can rotate it.
UPDATE sessions SET refresh_hash = :new_hash, last_used_at = now()
WHERE id = :id AND refresh_hash = :old_hash AND revoked_at IS NULL
