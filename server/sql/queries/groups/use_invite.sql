-- Counts one use of an invite for this group, if it can still be used; no row otherwise.
UPDATE group_invites SET uses = uses + 1
WHERE token_hash = :token_hash AND conversation_id = :conversation_id
  AND (expires_at IS NULL OR expires_at > now())
  AND (max_uses IS NULL OR uses < max_uses)
RETURNING uses
