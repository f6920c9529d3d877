INSERT INTO audit_log (actor_id, action, target_type, target_id, reason, details)
VALUES (CAST(:actor_id AS bigint), :action, :target_type, :target_id, :reason, CAST(:details AS jsonb))
RETURNING id, at
