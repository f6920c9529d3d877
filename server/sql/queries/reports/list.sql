-- Oldest first. :state NULL means the working queue (open and assigned), any means every state;
-- :reported_user_id is optional.
SELECT r.id, r.state, r.reason, r.created_at, r.reporter_id, rep.username, r.reported_user_id, tgt.username,
       r.message_id, r.assignee_id, asg.username, r.resolution_action, r.resolution_reason, r.resolved_at,
       r.resolved_by, rb.username
FROM reports r
JOIN users rep ON rep.id = r.reporter_id
JOIN users tgt ON tgt.id = r.reported_user_id
LEFT JOIN users asg ON asg.id = r.assignee_id
LEFT JOIN users rb ON rb.id = r.resolved_by
WHERE (CAST(:state AS text) IS NULL AND r.state IN ('open', 'assigned') OR CAST(:state AS text) = 'any'
       OR r.state = CAST(:state AS text))
  AND (CAST(:reported_user_id AS bigint) IS NULL OR r.reported_user_id = CAST(:reported_user_id AS bigint))
  AND r.id > :after
ORDER BY r.id
LIMIT :limit
