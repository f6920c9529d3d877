-- A new invite, unless the group has :max_active invites that can still be used already (then no row).
INSERT INTO group_invites (token_hash, conversation_id, created_by, expires_at, max_uses)
SELECT :token_hash, CAST(:conversation_id AS bigint), :created_by,
       CASE WHEN CAST(:expires_in AS bigint) > 0 THEN now() + make_interval(secs => CAST(:expires_in AS bigint)) END,
       NULLIF(CAST(:max_uses AS int), 0)
WHERE (SELECT count(*) FROM group_invites i
       WHERE i.conversation_id = CAST(:conversation_id AS bigint)
         AND (i.expires_at IS NULL OR i.expires_at > now())
         AND (i.max_uses IS NULL OR i.uses < i.max_uses)) < CAST(:max_active AS int)
RETURNING expires_at
