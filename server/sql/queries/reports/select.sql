-- One report in the moderators shape (used by the other report queries through the same column order).
SELECT r.id, r.state, r.reason, r.created_at, r.reporter_id, rep.username, r.reported_user_id, tgt.username,
       r.message_id, r.assignee_id, asg.username, r.resolution_action, r.resolution_reason, r.resolved_at,
       r.resolved_by, rb.username
FROM reports r
JOIN users rep ON rep.id = r.reporter_id
JOIN users tgt ON tgt.id = r.reported_user_id
LEFT JOIN users asg ON asg.id = r.assignee_id
LEFT JOIN users rb ON rb.id = r.resolved_by
WHERE r.id = :id
