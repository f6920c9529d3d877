-- Jobs of a batch that ran (a batch handler's): deleted in the transaction of what the handler wrote, those :node
-- still holds; answers the ids deleted (the others' leases ran out and other runners took them).
DELETE FROM jobs
WHERE id = ANY (ARRAY(SELECT CAST(jsonb_array_elements_text(CAST(:ids AS jsonb)) AS bigint)))
  AND state = 'running' AND locked_by = :node
RETURNING id
