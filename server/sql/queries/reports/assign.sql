UPDATE reports SET state = 'assigned', assignee_id = :assignee_id
WHERE id = :id AND state IN ('open', 'assigned')
RETURNING id
